// The run view as a pure reducer over the runner's events. Events carry the generation of the
// run that sent them, so a cancelled or replaced run can never write into the current view.

import type {Failure, RunEvent, RunSummary, TenantStatus} from '../../core/run-events.js';
import type {Tenant} from '../../core/tenant.js';
import {clampCursor} from '../../components/window.js';

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
	readonly cursor: number;
	/** The "stop the run?" question is showing. */
	readonly asking: boolean;
	readonly cancelling?: 'queued' | 'all';
};

export type RunAction =
	| {type: 'run-started'; generation: number; operationId: string; title: string; dryRun?: boolean; tenants: readonly Tenant[]; at: number}
	| {type: 'retry-started'; generation: number; tenants: readonly Tenant[]; at: number}
	| {type: 'run-events'; generation: number; events: readonly RunEvent[]}
	| {type: 'run-move'; to: number}
	| {type: 'run-ask-cancel'}
	| {type: 'run-keep-going'}
	| {type: 'run-cancelling'; mode: 'queued' | 'all'};

export function createRunState(action: Extract<RunAction, {type: 'run-started'}>): RunState {
	return {
		generation: action.generation,
		operationId: action.operationId,
		title: action.title,
		dryRun: action.dryRun,
		tenants: action.tenants.map(tenant => ({tenant, status: 'queued', rows: 0})),
		index: new Map(action.tenants.map((tenant, position) => [tenant.tenantId, position])),
		startedAt: action.at,
		cursor: 0,
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
		case 'run-move':
			return {...state, cursor: clampCursor(action.to, state.tenants.length)};
		case 'run-ask-cancel':
			return state.finishedAt === undefined ? {...state, asking: true} : state;
		case 'run-keep-going':
			return {...state, asking: false};
		case 'run-cancelling':
			return {...state, asking: false, cancelling: action.mode};
	}
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

export function runCounts(state: RunState): RunCounts {
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
	return counts;
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
	const durations = state.tenants.filter(row => row.status === 'succeeded' && row.durationMs !== undefined).map(row => row.durationMs!).sort((a, b) => a - b);
	if (durations.length < 3) return new Set();
	const median = durations[Math.floor(durations.length / 2)]!;
	const limit = Math.max(30_000, 3 * median);
	return new Set(state.tenants.filter(row => (row.status === 'running' || row.status === 'connecting') && row.startedAt !== undefined && now - row.startedAt > limit).map(row => row.tenant.tenantId));
}
