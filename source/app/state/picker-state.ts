// The tenant picker as a pure reducer: the list, the filter, the cursor and the selection.
// Selection is by tenant id and survives filtering and refresh, so "filter, select, filter
// again, select more" works the way people expect.

import type {Tenant} from '../../core/tenant.js';
import {clampCursor} from '../../components/window.js';

export type PickerState = {
	readonly tenants: readonly Tenant[];
	/** Lower-cased "name domain id" per tenant, built once so each keystroke is a scan of strings. */
	readonly haystack: readonly string[];
	readonly filter: string;
	/** True while the filter field has focus (letters type instead of acting). */
	readonly editingFilter: boolean;
	/** Only the selected tenants are shown (and filtered). */
	readonly selectedOnly: boolean;
	/** Indexes into tenants that the filter (and selectedOnly) lets through, in list order. */
	readonly visible: readonly number[];
	readonly selected: ReadonlySet<string>;
	/** Position in visible. */
	readonly cursor: number;
};

export type PickerAction =
	| {type: 'set-tenants'; tenants: readonly Tenant[]}
	| {type: 'toggle'}
	| {type: 'toggle-all-visible'}
	| {type: 'none'}
	/** The selection becomes exactly these tenants. */
	| {type: 'select-ids'; ids: readonly string[]}
	/** These tenants join the selection. */
	| {type: 'add-ids'; ids: readonly string[]}
	| {type: 'toggle-selected-only'}
	| {type: 'edit-filter'}
	| {type: 'keep-filter'}
	| {type: 'clear-filter'}
	| {type: 'set-filter'; filter: string}
	| {type: 'move'; to: number}
	| {type: 'page'; delta: number; height: number};

export function createPickerState(tenants: readonly Tenant[] = [], selected: ReadonlySet<string> = new Set()): PickerState {
	const haystack = tenants.map(tenant => `${tenant.tenantName}\u0000${tenant.tenantDomain}\u0000${tenant.tenantId}`.toLowerCase());
	const known = new Set(tenants.map(tenant => tenant.tenantId));
	return {
		tenants,
		haystack,
		filter: '',
		editingFilter: false,
		selectedOnly: false,
		visible: tenants.map((_, index) => index),
		selected: new Set([...selected].filter(id => known.has(id))),
		cursor: 0,
	};
}

/** Indexes of tenants whose name, domain or id contains every word of the filter. */
export function filterIndexes(haystack: readonly string[], filter: string, within?: readonly number[]): number[] {
	const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
	const candidates = within ?? haystack.map((_, index) => index);
	if (words.length === 0) return [...candidates];
	const result: number[] = [];
	for (const index of candidates) {
		const text = haystack[index]!;
		let match = true;
		for (const word of words) {
			if (!text.includes(word)) {
				match = false;
				break;
			}
		}
		if (match) result.push(index);
	}
	return result;
}

/** What the filter and the selected-only view let through, from scratch. */
function visibleOf(state: Pick<PickerState, 'tenants' | 'haystack' | 'selected' | 'selectedOnly'>, filter: string, within?: readonly number[]): number[] {
	const base = within ?? (state.selectedOnly ? state.tenants.flatMap((tenant, index) => (state.selected.has(tenant.tenantId) ? [index] : [])) : undefined);
	return filterIndexes(state.haystack, filter, base);
}

export function pickerReducer(state: PickerState, action: PickerAction): PickerState {
	switch (action.type) {
		case 'set-tenants': {
			const next = createPickerState(action.tenants, state.selected);
			const visible = visibleOf({...next, selectedOnly: state.selectedOnly}, state.filter);
			return {...next, filter: state.filter, editingFilter: state.editingFilter, selectedOnly: state.selectedOnly, visible, cursor: clampCursor(state.cursor, visible.length)};
		}
		case 'toggle': {
			const index = state.visible[state.cursor];
			if (index === undefined) return state;
			const id = state.tenants[index]!.tenantId;
			const selected = new Set(state.selected);
			if (selected.has(id)) selected.delete(id);
			else selected.add(id);
			// The cursor stays, so a second Space undoes the first. In the selected-only view an
			// unselected tenant stays listed until the view is redrawn, so the slip is visible.
			return {...state, selected};
		}
		case 'toggle-all-visible': {
			const ids = state.visible.map(index => state.tenants[index]!.tenantId);
			const allSelected = ids.length > 0 && ids.every(id => state.selected.has(id));
			const selected = new Set(state.selected);
			for (const id of ids) {
				if (allSelected) selected.delete(id);
				else selected.add(id);
			}
			return {...state, selected};
		}
		case 'none':
			return state.selected.size === 0 ? state : refreshed({...state, selected: new Set()});
		case 'select-ids':
		case 'add-ids': {
			const known = new Set(state.tenants.map(tenant => tenant.tenantId));
			const selected = new Set(action.type === 'add-ids' ? state.selected : []);
			for (const id of action.ids) if (known.has(id)) selected.add(id);
			return refreshed({...state, selected});
		}
		case 'toggle-selected-only': {
			const next = {...state, selectedOnly: !state.selectedOnly, cursor: 0};
			return {...next, visible: visibleOf(next, state.filter)};
		}
		case 'edit-filter':
			return {...state, editingFilter: true};
		case 'keep-filter':
			return {...state, editingFilter: false};
		case 'clear-filter':
			return {...state, editingFilter: false, filter: '', visible: visibleOf(state, ''), cursor: 0};
		case 'set-filter': {
			// Typing more at the end only narrows (words get longer or more numerous): search what is shown.
			const narrowing = action.filter.startsWith(state.filter);
			const visible = narrowing ? filterIndexes(state.haystack, action.filter, state.visible) : visibleOf(state, action.filter);
			return {...state, filter: action.filter, visible, cursor: 0};
		}
		case 'move':
			return {...state, cursor: clampCursor(action.to, state.visible.length)};
		case 'page':
			return {...state, cursor: clampCursor(state.cursor + action.delta * Math.max(1, action.height), state.visible.length)};
	}
}

/** The list recomputed after the selection or the view changed (only the selected-only view depends on the selection). */
function refreshed(state: PickerState): PickerState {
	if (!state.selectedOnly) return state;
	const visible = visibleOf(state, state.filter);
	return {...state, visible, cursor: clampCursor(state.cursor, visible.length)};
}

/** The selected tenants in list order. */
export function selectedTenants(state: PickerState): Tenant[] {
	return state.tenants.filter(tenant => state.selected.has(tenant.tenantId));
}

/** "12 selected of 340, 57 shown", or in the selected-only view "12 selected of 340, showing only selected: 12". */
export function countsLine(state: PickerState): string {
	if (state.selectedOnly) return `${state.selected.size} selected of ${state.tenants.length}, showing only selected: ${state.visible.length} shown (v shows all)`;
	const shown = state.visible.length === state.tenants.length ? 'all shown' : `${state.visible.length} shown`;
	return `${state.selected.size} selected of ${state.tenants.length}, ${shown}`;
}
