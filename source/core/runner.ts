// Fans one operation out over many tenants with a concurrency limit. Each tenant's rows go to the
// sink as they arrive, so a crash or cancel keeps what finished; one tenant's failure is its own.

import {setMaxListeners} from 'node:events';
import {auditedResults, type AnyOperation, type Row} from './operation.js';
import type {AuditPort, ExchangePort, GraphPort} from './ports.js';
import type {Tenant} from './tenant.js';
import type {Failure, RunEvent, RunSink, RunSummary, TenantOutcome} from './run-events.js';
import {asTenantdeckError} from './errors.js';
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
	/** Readies a tenant ahead of its turn, e.g. fetches its access token. */
	prepare?: (tenant: Tenant) => Promise<unknown>;
	onEvent?: (event: RunEvent) => void;
	now?: () => number;
};

export type RunHandle = {
	/** Stops tenants that have not started; with abortRunning, also aborts those in flight. */
	cancel(options?: {abortRunning?: boolean}): void;
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
	const outcomes: TenantOutcome[] = [];
	let next = 0;

	for (const tenant of tenants) onEvent({type: 'queued', tenant, at: now()});

	async function runTenant(tenant: Tenant): Promise<TenantOutcome> {
		const began = now();
		let rows = 0;
		const context = {
			tenant,
			graph,
			exchange,
			signal: abortRunning.signal,
			onRetry: (attempt: number, waitMs: number, reason: string) => onEvent({type: 'retrying', tenant, attempt, waitMs, reason, at: now()}),
			onPhase: (phase: 'connecting' | 'running') => onEvent({type: phase, tenant, at: now()}),
			onProgress: (done: number, total: number) => onEvent({type: 'progress', tenant, done, total, at: now()}),
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
		try {
			for await (const row of operation.run(context, params)) {
				batch.push(row);
				// Only a change (or one cut short mid-cmdlet) is audited: a failed or unknown result never says "changed".
				if (audited && auditedResults.has(String(row['result']))) await audit.record({tenant, operationId: operation.id, params, row});
				// A write's rows are few and each is a change: saved one by one, so a signal loses none.
				if (batch.length >= rowBatch || operation.risk === 'write') await flush();
			}
			await flush();
			const durationMs = now() - began;
			onEvent({type: 'succeeded', tenant, rows, durationMs, at: now()});
			return {tenant, status: 'succeeded', rows, durationMs};
		} catch (error) {
			// Rows the tenant produced before it failed are kept: a write's partial changes must show.
			await flushQuietly();
			const durationMs = now() - began;
			if (abortRunning.signal.aborted) {
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
		}
	}

	// Readied ahead of its turn: when a tenant starts, the one `concurrency` places behind it starts
	// its preparation (e.g. its token), which then hides behind the requests of those in flight.
	const readying = new Map<Tenant, Promise<unknown>>();
	function readyAhead(index: number): void {
		const tenant = tenants[index];
		if (tenant && prepare && !stopQueue) readying.set(tenant, prepare(tenant).catch(() => undefined));
	}

	async function worker(): Promise<void> {
		for (let index = next++; index < tenants.length; index = next++) {
			const tenant = tenants[index]!;
			readyAhead(index + concurrency);
			await readying.get(tenant);
			readying.delete(tenant);
			const outcome = stopQueue ? cancelled(tenant) : await runTenant(tenant);
			outcomes.push(outcome);
			// A sink reports its own write failures; a lost outcome line must not end the whole run.
			await sink?.writeOutcome(outcome).catch(() => {});
		}
	}

	function cancelled(tenant: Tenant): TenantOutcome {
		onEvent({type: 'cancelled', tenant, at: now()});
		return {tenant, status: 'cancelled', rows: 0, durationMs: 0};
	}

	const done = (async () => {
		await Promise.all(Array.from({length: Math.min(concurrency, tenants.length)}, worker));
		const order = new Map(tenants.map((tenant, index) => [tenant.tenantId, index]));
		outcomes.sort((a, b) => order.get(a.tenant.tenantId)! - order.get(b.tenant.tenantId)!);
		const summary: RunSummary = {
			operationId: operation.id,
			params,
			startedAt,
			finishedAt: now(),
			outcomes,
			succeeded: outcomes.filter(outcome => outcome.status === 'succeeded').length,
			failed: outcomes.filter(outcome => outcome.status === 'failed').length,
			cancelled: outcomes.filter(outcome => outcome.status === 'cancelled').length,
			rows: outcomes.reduce((total, outcome) => total + outcome.rows, 0),
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
		done,
	};
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
