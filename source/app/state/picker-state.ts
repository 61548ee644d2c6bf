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
	/** Indexes into tenants that the filter lets through, in list order. */
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
	| {type: 'select-ids'; ids: readonly string[]}
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

export function pickerReducer(state: PickerState, action: PickerAction): PickerState {
	switch (action.type) {
		case 'set-tenants': {
			const next = createPickerState(action.tenants, state.selected);
			const visible = filterIndexes(next.haystack, state.filter);
			return {...next, filter: state.filter, editingFilter: state.editingFilter, visible, cursor: clampCursor(state.cursor, visible.length)};
		}
		case 'toggle': {
			const index = state.visible[state.cursor];
			if (index === undefined) return state;
			const id = state.tenants[index]!.tenantId;
			const selected = new Set(state.selected);
			if (selected.has(id)) selected.delete(id);
			else selected.add(id);
			// Moving on after a toggle makes Space Space Space select a run of tenants.
			return {...state, selected, cursor: clampCursor(state.cursor + 1, state.visible.length)};
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
			return state.selected.size === 0 ? state : {...state, selected: new Set()};
		case 'select-ids': {
			const known = new Set(state.tenants.map(tenant => tenant.tenantId));
			return {...state, selected: new Set(action.ids.filter(id => known.has(id)))};
		}
		case 'edit-filter':
			return {...state, editingFilter: true};
		case 'keep-filter':
			return {...state, editingFilter: false};
		case 'clear-filter':
			return {...state, editingFilter: false, filter: '', visible: state.tenants.map((_, index) => index), cursor: 0};
		case 'set-filter': {
			// Typing more only narrows (words get longer or more numerous): search what is shown.
			const narrowing = action.filter.startsWith(state.filter);
			const visible = filterIndexes(state.haystack, action.filter, narrowing ? state.visible : undefined);
			return {...state, filter: action.filter, visible, cursor: 0};
		}
		case 'move':
			return {...state, cursor: clampCursor(action.to, state.visible.length)};
		case 'page':
			return {...state, cursor: clampCursor(state.cursor + action.delta * Math.max(1, action.height), state.visible.length)};
	}
}

/** The selected tenants in list order. */
export function selectedTenants(state: PickerState): Tenant[] {
	return state.tenants.filter(tenant => state.selected.has(tenant.tenantId));
}

/** "12 selected of 340, 57 shown". */
export function countsLine(state: PickerState): string {
	const shown = state.visible.length === state.tenants.length ? 'all shown' : `${state.visible.length} shown`;
	return `${state.selected.size} selected of ${state.tenants.length}, ${shown}`;
}
