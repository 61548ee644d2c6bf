// Fans one operation out over many tenants with a concurrency limit. Each tenant's rows go to the
// sink as they arrive, so a crash or cancel keeps what finished; one tenant's failure is its own.

import {setMaxListeners} from 'node:events';
import {auditedResults, isFailedResult, type AnyOperation, type Row} from './operation.js';
import type {AuditPort, ExchangePort, GraphPort} from './ports.js';
import type {Tenant} from './tenant.js';
import type {Failure, RunEvent, RunSink, RunSummary, TenantOutcome} from './run-events.js';
import {asTenantdeckError, TenantdeckError} from './errors.js';
import {printable} from './reports/columns.js';
import {roleNames} from './permissions.js';

export type RunOptions = {
	operation: AnyOperation;
	params: Record<string, unknown>;
	tenants: readonly Tenant[];
	graph: GraphPort;
	exchange: ExchangePort;
	concurrency: number;
	sink?: RunSink;
	/** Writes only: show what would change, change nothing. */
	dryRun?: boolean;
	/** Receives every change a write operation made (not in a dry run). */
	audit?: AuditPort;
	/** The parameters one tenant runs with (a write's own targets in that tenant); `params` when absent. */
	paramsFor?: (tenant: Tenant) => Record<string, unknown>;
	/** Readies a tenant ahead of its turn, e.g. fetches its access token. */
	prepare?: (tenant: Tenant) => Promise<unknown>;
	onEvent?: (event: RunEvent) => void;
	now?: () => number;
};

export type RunHandle = {
	/** Stops tenants that have not started; with abortRunning, also aborts those in flight. */
	cancel(options?: {abortRunning?: boolean}): void;
	/** Aborts one tenant (queued or in flight); the others go on. False when it is not in this run or already done. */
	cancelTenant(tenantId: string): boolean;
	/**
	 * Queues tenants of this run again while it is still going (retry failed, live); their new
	 * outcome replaces the old one. False once the run has finished or was cancelled.
	 */
	retry(tenants: readonly Tenant[]): boolean;
	readonly done: Promise<RunSummary>;
};

const rowBatch = 200;

export function startRun(options: RunOptions): RunHandle {
	const {operation, params, tenants, graph, exchange, sink, audit, prepare, dryRun = false, onEvent = () => {}, now = Date.now} = options;
	const concurrency = Math.max(1, Math.floor(options.concurrency));
	const abortRunning = new AbortController();
	// Every request in flight listens on it: with 16 tenants at once that is the normal case.
	setMaxListeners(0, abortRunning.signal);
	let stopQueue = false;
	let signInLost: Failure | undefined;
	const startedAt = now();
	// The latest outcome per tenant: a live retry replaces the failure it retried.
	const outcomes = new Map<string, TenantOutcome>();
	// The queue grows when failed tenants are retried while the run is live.
	const queue: Tenant[] = [...tenants];
	let next = 0;
	let finished = false;
	/** Per tenant, so one can be cancelled alone; each follows the run's own abort. */
	const tenantAborts = new Map<string, AbortController>();
	/** Cancelled while queued: shown as cancelled at once, skipped without a second event at its turn. */
	const cancelledInQueue = new Set<string>();

	for (const tenant of tenants) onEvent({type: 'queued', tenant, at: now()});

	async function runTenant(tenant: Tenant, abort: AbortController): Promise<TenantOutcome> {
		const began = now();
		let rows = 0;
		// The tenant's own signal, also aborted by the run's: AbortSignal.any costs a weak-ref registry
		// entry and a GC-tracked dependant per tenant, one listener here is cheaper.
		const signal = abort.signal;
		setMaxListeners(0, signal);
		const followRun = () => abort.abort(abortRunning.signal.reason);
		if (abortRunning.signal.aborted) followRun();
		else abortRunning.signal.addEventListener('abort', followRun, {once: true});
		const context = {
			tenant,
			graph,
			exchange,
			signal,
			onRetry: (attempt: number, waitMs: number, reason: string) => onEvent({type: 'retrying', tenant, attempt, waitMs, reason, at: now()}),
			onPhase: (phase: 'connecting' | 'running') => onEvent({type: phase, tenant, at: now()}),
			onProgress: (done: number, total: number) => onEvent({type: 'progress', tenant, done, total, unit: operation.progressUnit ?? 'items', at: now()}),
			dryRun,
		};
		const audited = operation.risk === 'write' && !dryRun && audit;
		onEvent({type: operation.backend === 'exchange' ? 'connecting' : 'running', tenant, at: began});
		let batch: Row[] = [];
		const flush = async () => {
			if (batch.length === 0) return;
			const written = batch;
			batch = [];
			await sink?.writeRows(tenant, written);
			rows += written.length;
			onEvent({type: 'rows', tenant, count: rows, at: now()});
		};
		const flushQuietly = () => flush().catch(() => {});
		const notDone: string[] = [];
		try {
			for await (const row of operation.run(context, options.paramsFor?.(tenant) ?? params)) {
				batch.push(row);
				if (operation.risk === 'write' && isFailedResult(row['result'])) notDone.push(`${String(row['target'] ?? '')} (${String(row['result'])})`);
				// Only a change (or one cut short mid-cmdlet) is audited: a failed or unknown result never says "changed".
				if (audited && auditedResults.has(String(row['result']))) await audit.record({tenant, operationId: operation.id, params, row});
				// A write's rows are few and each is a change: saved one by one, so a signal loses none.
				if (batch.length >= rowBatch || operation.risk === 'write') await flush();
			}
			await flush();
			if (notDone.length > 0) throw notDoneError(notDone, rows);
			const durationMs = now() - began;
			onEvent({type: 'succeeded', tenant, rows, durationMs, at: now()});
			return {tenant, status: 'succeeded', rows, durationMs};
		} catch (error) {
			// Rows the tenant produced before it failed are kept: a write's partial changes must show.
			await flushQuietly();
			const durationMs = now() - began;
			if (signal.aborted) {
				onEvent({type: 'cancelled', tenant, at: now()});
				return {tenant, status: 'cancelled', rows, durationMs};
			}
			const failure = withPermissions(toFailure(error), operation);
			// A revoked sign-in fails every tenant the same way: start no more of them.
			if (asTenantdeckError(error).signInLost) {
				stopQueue = true;
				signInLost ??= failure;
			}
			onEvent({type: 'failed', tenant, failure, rows, durationMs, at: now()});
			return {tenant, status: 'failed', rows, durationMs, failure};
		} finally {
			abortRunning.signal.removeEventListener('abort', followRun);
		}
	}

	// Readied ahead of its turn: when a tenant starts, the one `concurrency` places behind it starts
	// its preparation (e.g. its token), which then hides behind the requests of those in flight.
	const readying = new Map<Tenant, Promise<unknown>>();
	function readyAhead(index: number): void {
		const tenant = queue[index];
		if (tenant && prepare && !stopQueue) readying.set(tenant, prepare(tenant).catch(() => undefined));
	}

	let workers = 0;
	let settleAll: () => void = () => undefined;
	const allSettled = new Promise<void>(resolve => (settleAll = resolve));

	async function worker(): Promise<void> {
		// Claims a place only when there is one: a retry appended later must find `next` on it.
		while (next < queue.length) {
			const index = next++;
			const tenant = queue[index]!;
			readyAhead(index + concurrency);
			await readying.get(tenant);
			readying.delete(tenant);
			// A tenant cancelled while queued already has an aborted controller: it is skipped.
			const abort = tenantAborts.get(tenant.tenantId) ?? new AbortController();
			tenantAborts.set(tenant.tenantId, abort);
			const outcome = stopQueue || abort.signal.aborted ? cancelled(tenant, cancelledInQueue.delete(tenant.tenantId)) : await runTenant(tenant, abort);
			if (tenantAborts.get(tenant.tenantId) === abort) tenantAborts.delete(tenant.tenantId);
			outcomes.set(tenant.tenantId, outcome);
			// A sink reports its own write failures; a lost outcome line must not end the whole run.
			await sink?.writeOutcome(outcome).catch(() => {});
		}
	}

	/** Workers up to the concurrency while there is queue for them; each claims its first tenant at once. */
	function staff(): void {
		while (workers < concurrency && next < queue.length) {
			workers++;
			void worker().finally(() => {
				if (--workers === 0 && next >= queue.length) settleAll();
			});
		}
	}

	function cancelled(tenant: Tenant, announced = false): TenantOutcome {
		if (!announced) onEvent({type: 'cancelled', tenant, at: now()});
		return {tenant, status: 'cancelled', rows: 0, durationMs: 0};
	}

	const done = (async () => {
		if (queue.length > 0) {
			staff();
			await allSettled;
		}
		finished = true;
		const order = new Map(tenants.map((tenant, index) => [tenant.tenantId, index]));
		const sorted = [...outcomes.values()].sort((a, b) => (order.get(a.tenant.tenantId) ?? 0) - (order.get(b.tenant.tenantId) ?? 0));
		const summary: RunSummary = {
			operationId: operation.id,
			params,
			startedAt,
			finishedAt: now(),
			outcomes: sorted,
			succeeded: sorted.filter(outcome => outcome.status === 'succeeded').length,
			failed: sorted.filter(outcome => outcome.status === 'failed').length,
			cancelled: sorted.filter(outcome => outcome.status === 'cancelled').length,
			rows: sorted.reduce((total, outcome) => total + outcome.rows, 0),
			...(signInLost ? {signInLost} : {}),
		};
		await sink?.close(summary).catch(() => {});
		onEvent({type: 'finished', summary, at: now()});
		return summary;
	})();

	return {
		cancel(cancelOptions = {}) {
			stopQueue = true;
			if (cancelOptions.abortRunning) abortRunning.abort();
		},
		cancelTenant(tenantId) {
			const abort = tenantAborts.get(tenantId);
			if (abort) {
				abort.abort();
				return true;
			}
			// Still queued: it is skipped when its turn comes, and shown as cancelled now (its turn may
			// be minutes away: a row still saying "queued" read as if the key did nothing).
			const waiting = queue.slice(next).find(tenant => tenant.tenantId === tenantId);
			if (waiting) {
				const skip = new AbortController();
				skip.abort();
				tenantAborts.set(tenantId, skip);
				cancelledInQueue.add(tenantId);
				onEvent({type: 'cancelled', tenant: waiting, at: now()});
			}
			return waiting !== undefined;
		},
		retry(again) {
			if (finished || stopQueue || workers === 0) return false;
			for (const tenant of again) {
				tenantAborts.delete(tenant.tenantId);
				cancelledInQueue.delete(tenant.tenantId);
				queue.push(tenant);
				onEvent({type: 'queued', tenant, at: now()});
			}
			staff();
			return true;
		},
		done,
	};
}

/** A write that did not reach every target failed, even if some rows changed: those rows stay. */
function notDoneError(notDone: readonly string[], rows: number): TenantdeckError {
	const allMissing = notDone.every(entry => entry.endsWith('(not found)'));
	const shown = notDone.slice(0, 3).join(', ') + (notDone.length > 3 ? ` and ${notDone.length - 3} more` : '');
	return new TenantdeckError(allMissing ? 'not-found' : 'unknown', `${notDone.length} of ${rows} target${rows === 1 ? '' : 's'} not done: ${shown}.`, {hint: 'The other rows of this tenant stand. Check the names (v shows every row), then run again for this tenant.'});
}

function toFailure(error: unknown): Failure {
	const typed = asTenantdeckError(error);
	// Service and PowerShell messages are shown on terminals: no control characters.
	return {kind: typed.kind, message: printable(typed.message), hint: typed.hint === undefined ? undefined : printable(typed.hint), status: typed.status, code: typed.code, requestId: typed.requestId};
}

/**
 * Graph answers a missing scope and a missing GDAP role with the same 403: name both from the
 * operation's own declaration, and the command that tells them apart.
 */
function withPermissions(failure: Failure, operation: AnyOperation): Failure {
	const permissions = operation.permissions;
	if (failure.kind !== 'forbidden' || failure.code?.startsWith('AADSTS') || !permissions) return failure;
	const scopes = permissions.graph.length > 0 ? `the app consented with ${permissions.graph.join(', ')}` : `the app consented with ${permissions.exchange ?? 'its grant'}`;
	const hint = `${operation.id} needs ${scopes} and one of these GDAP roles: ${roleNames(permissions.roles)}. "tenantdeck doctor --op ${operation.id}" says which is missing here.`;
	return {...failure, hint};
}
