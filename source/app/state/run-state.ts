// The run view as a pure reducer over the runner's events. Events carry the generation of the
// run that sent them, so a cancelled or replaced run can never write into the current view.

import type {Failure, RunEvent, RunSummary, TenantStatus} from '../../core/run-events.js';
import type {Tenant} from '../../core/tenant.js';
import {clampCursor} from '../../components/window.js';
import {defaultRunView, nextOf, runSorts, runView, statusFilters, type RunView, type RunViewOptions} from './run-view.js';

export type TenantRun = {
	readonly tenant: Tenant;
	readonly status: TenantStatus;
	/** Retry attempt while status is retrying. */
	readonly attempt?: number;
	readonly rows: number;
	readonly startedAt?: number;
	readonly finishedAt?: number;
	/** How long the tenant took, as the runner measured it. */
	readonly durationMs?: number;
	readonly failure?: Failure;
	/** Items (mailboxes) done of total inside the tenant, when its script reports them. */
	readonly progress?: {readonly done: number; readonly total: number; readonly unit: string};
};

export type RunState = {
	readonly generation: number;
	readonly operationId: string;
	readonly title: string;
	/** A dry run: Esc goes back to the confirmation, and a retry stays dry. */
	readonly dryRun?: boolean;
	readonly tenants: readonly TenantRun[];
	/** tenantId → position in tenants. */
	readonly index: ReadonlyMap<string, number>;
	readonly startedAt: number;
	/** Set when the last generation's run has finished. */
	readonly finishedAt?: number;
	readonly summary?: RunSummary;
	/** Sort and filters of the table (see run-view.ts). */
	readonly view: RunViewOptions;
	/** True while the `/` filter field has the keys. */
	readonly editingFilter: boolean;
	/**
	 * The tenant under the cursor, once the admin has moved it: the cursor follows the tenant as
	 * rows re-sort under it. Before that (or when it is filtered out) the cursor is at cursorAt.
	 */
	readonly focusId?: string;
	/** The cursor's position in the view when no focused tenant is shown. */
	readonly cursorAt: number;
	/** The "stop the run?" question is showing. */
	readonly asking: boolean;
	readonly cancelling?: 'queued' | 'all';
};

export type RunAction =
	| {type: 'run-started'; generation: number; operationId: string; title: string; dryRun?: boolean; tenants: readonly Tenant[]; at: number}
	| {type: 'retry-started'; generation: number; tenants: readonly Tenant[]; at: number}
	| {type: 'run-events'; generation: number; events: readonly RunEvent[]}
	/** To a position in the view (sorted and filtered). */
	| {type: 'run-move'; to: number}
	| {type: 'run-sort'}
	| {type: 'run-status-filter'}
	| {type: 'run-filter-edit'}
	| {type: 'run-filter-set'; text: string}
	| {type: 'run-filter-keep'}
	| {type: 'run-filter-clear'}
	| {type: 'run-next-failure'}
	| {type: 'run-ask-cancel'}
	| {type: 'run-keep-going'}
	| {type: 'run-cancelling'; mode: 'queued' | 'all'};

/** The actions the run table's own keys send (sort, filters, moves). */
export type RunViewAction = Extract<RunAction, {type: 'run-move' | 'run-sort' | 'run-status-filter' | 'run-filter-edit' | 'run-filter-set' | 'run-filter-keep' | 'run-filter-clear' | 'run-next-failure'}>;

export function createRunState(action: Extract<RunAction, {type: 'run-started'}>): RunState {
	return {
		generation: action.generation,
		operationId: action.operationId,
		title: action.title,
		dryRun: action.dryRun,
		tenants: action.tenants.map(tenant => ({tenant, status: 'queued', rows: 0})),
		index: new Map(action.tenants.map((tenant, position) => [tenant.tenantId, position])),
		startedAt: action.at,
		view: defaultRunView,
		editingFilter: false,
		cursorAt: 0,
		asking: false,
	};
}

export function runReducer(state: RunState, action: RunAction): RunState {
	switch (action.type) {
		case 'run-started':
			return createRunState(action);
		case 'retry-started': {
			const tenants = [...state.tenants];
			for (const tenant of action.tenants) {
				const position = state.index.get(tenant.tenantId);
				if (position !== undefined) tenants[position] = {tenant, status: 'queued', rows: 0};
			}
			return {...state, generation: action.generation, tenants, finishedAt: undefined, summary: undefined, asking: false, cancelling: undefined};
		}
		case 'run-events':
			return action.generation === state.generation ? applyEvents(state, action.events) : state;
		case 'run-move': {
			const view = viewOf(state);
			const to = clampCursor(action.to, view.rows.length);
			return {...state, focusId: view.rows[to]?.tenant.tenantId, cursorAt: to};
		}
		case 'run-sort':
			return {...state, view: {...state.view, sort: nextOf(runSorts, state.view.sort)}};
		case 'run-status-filter':
			return refocus({...state, view: {...state.view, status: nextOf(statusFilters, state.view.status)}});
		case 'run-filter-edit':
			return {...state, editingFilter: true};
		case 'run-filter-set':
			return refocus({...state, view: {...state.view, text: action.text}});
		case 'run-filter-keep':
			return {...state, editingFilter: false};
		case 'run-filter-clear':
			return refocus({...state, editingFilter: false, view: {...state.view, text: ''}});
		case 'run-next-failure':
			return nextFailure(state);
		case 'run-ask-cancel':
			return state.finishedAt === undefined ? {...state, asking: true} : state;
		case 'run-keep-going':
			return {...state, asking: false};
		case 'run-cancelling':
			return {...state, asking: false, cancelling: action.mode};
	}
}

/** After a filter change: the focused tenant keeps the cursor if still shown, else the top row has it. */
function refocus(state: RunState): RunState {
	const shown = state.focusId !== undefined && viewOf(state).positionOf.has(state.focusId);
	return shown ? state : {...state, focusId: undefined, cursorAt: 0};
}

/**
 * The next failed tenant after the cursor, wrapping round. When the filters hide every failure
 * they are lifted, so a failure is always one key away.
 */
function nextFailure(state: RunState): RunState {
	let current = state;
	let view = viewOf(current);
	if (!view.rows.some(row => row.status === 'failed')) {
		if (!state.tenants.some(row => row.status === 'failed')) return state;
		current = {...state, editingFilter: false, view: {...state.view, status: 'all', text: ''}};
		view = viewOf(current);
	}
	const from = current === state ? cursorIn(state) : -1;
	const count = view.rows.length;
	for (let step = 1; step <= count; step++) {
		const position = (from + step + count) % count;
		const row = view.rows[position]!;
		if (row.status === 'failed') return {...current, focusId: row.tenant.tenantId, cursorAt: position};
	}
	return current;
}

/** The run's tenants as the table shows them: sorted and filtered, remembered between renders. */
export function viewOf(state: RunState): RunView<TenantRun> {
	return runView(state.tenants, state.view);
}

/** The cursor's position in the view. */
export function cursorIn(state: RunState, view: RunView<TenantRun> = viewOf(state)): number {
	const focused = state.focusId === undefined ? undefined : view.positionOf.get(state.focusId);
	return focused ?? clampCursor(state.cursorAt, view.rows.length);
}

/** The tenant under the cursor, if the view shows any. */
export function selectedRun(state: RunState): TenantRun | undefined {
	const view = viewOf(state);
	return view.rows[cursorIn(state, view)];
}

/** Folds a batch of events with one copy of the tenant list, however long the batch. */
function applyEvents(state: RunState, events: readonly RunEvent[]): RunState {
	let tenants: TenantRun[] | undefined;
	let {finishedAt, summary} = state;
	for (const event of events) {
		if (event.type === 'finished') {
			finishedAt = event.at;
			summary = event.summary;
			continue;
		}
		const position = state.index.get(event.tenant.tenantId);
		if (position === undefined) continue;
		tenants ??= [...state.tenants];
		tenants[position] = applyEvent(tenants[position]!, event);
	}
	return {...state, tenants: tenants ?? state.tenants, finishedAt, summary, asking: finishedAt === undefined && state.asking};
}

function applyEvent(row: TenantRun, event: Exclude<RunEvent, {type: 'finished'}>): TenantRun {
	switch (event.type) {
		case 'queued':
			// Queued again by a live retry: its last attempt's times and failure no longer apply.
			return {...row, status: 'queued', startedAt: undefined, finishedAt: undefined, durationMs: undefined, failure: undefined, progress: undefined};
		case 'connecting':
		case 'running':
			return {...row, status: event.type, attempt: undefined, startedAt: row.startedAt ?? event.at};
		case 'retrying':
			return {...row, status: 'retrying', attempt: event.attempt};
		case 'rows':
			return {...row, rows: event.count};
		case 'progress':
			return {...row, progress: {done: event.done, total: event.total, unit: event.unit}};
		case 'succeeded':
			return {...row, status: 'succeeded', rows: event.rows, finishedAt: event.at, durationMs: event.durationMs, attempt: undefined};
		case 'failed':
			return {...row, status: 'failed', rows: event.rows, failure: event.failure, finishedAt: event.at, durationMs: event.durationMs, attempt: undefined};
		case 'cancelled':
			return {...row, status: 'cancelled', finishedAt: event.at, attempt: undefined};
	}
}

export type RunCounts = {queued: number; active: number; succeeded: number; failed: number; cancelled: number; finished: number; rows: number};

// Counted once per tenant list: a key press re-renders the screen, but the list only changes
// with a batch of events.
const countsOf = new WeakMap<readonly TenantRun[], RunCounts>();

export function runCounts(state: RunState): RunCounts {
	const known = countsOf.get(state.tenants);
	if (known) return {...known};
	const counts: RunCounts = {queued: 0, active: 0, succeeded: 0, failed: 0, cancelled: 0, finished: 0, rows: 0};
	for (const row of state.tenants) {
		counts.rows += row.rows;
		if (row.status === 'queued') counts.queued++;
		else if (row.status === 'succeeded') counts.succeeded++;
		else if (row.status === 'failed') counts.failed++;
		else if (row.status === 'cancelled') counts.cancelled++;
		else counts.active++;
	}
	counts.finished = counts.succeeded + counts.failed + counts.cancelled;
	countsOf.set(state.tenants, counts);
	return {...counts};
}

export function isRunLive(state: RunState | undefined): boolean {
	return state !== undefined && state.finishedAt === undefined;
}

/** Tenants that failed in the view (the retry set), in list order. */
export function failedInView(state: RunState): Tenant[] {
	return state.tenants.filter(row => row.status === 'failed').map(row => row.tenant);
}

/** The word shown in a tenant's status column. */
export function statusLabel(row: TenantRun): string {
	switch (row.status) {
		case 'retrying': return `retrying ${row.attempt ?? ''}`.trim();
		case 'succeeded': return 'done';
		default: return row.status;
	}
}

/**
 * Tenants running far longer than their peers: over three times the median time of the tenants
 * that finished (and at least 30 s), so a stuck tenant stands out long before any timeout.
 */
export function slowTenants(state: RunState, now: number): Set<string> {
	const median = medianDuration(state.tenants);
	if (median === undefined) return new Set();
	const limit = Math.max(30_000, 3 * median);
	return new Set(state.tenants.filter(row => (row.status === 'running' || row.status === 'connecting') && row.startedAt !== undefined && now - row.startedAt > limit).map(row => row.tenant.tenantId));
}

// The median changes only with the tenant list; the clock ticks every second.
const medians = new WeakMap<readonly TenantRun[], number | undefined>();
function medianDuration(tenants: readonly TenantRun[]): number | undefined {
	if (medians.has(tenants)) return medians.get(tenants);
	const durations = tenants.filter(row => row.status === 'succeeded' && row.durationMs !== undefined).map(row => row.durationMs!).sort((a, b) => a - b);
	const median = durations.length < 3 ? undefined : durations[Math.floor(durations.length / 2)]!;
	medians.set(tenants, median);
	return median;
}
