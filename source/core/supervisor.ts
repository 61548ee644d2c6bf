// The session supervisor: runs Exchange scripts across tenants in PowerShell processes, never holding
// more connections than the service allows per account, one connection per tenant opened with that
// customer's token and closed right after (a tenant's turn: supervisor-tenant.ts). shutdown() closes
// every live connection, then ends every process tree, because a leaked connection locks the admin
// out until the service expires it.

import type {ExchangeCall, ExchangePort} from './ports.js';
import {TenantdeckError} from './errors.js';
import {ProcessPool} from './supervisor-pool.js';
import {defaultMaxSessions, defaultTimeouts, type SupervisorOptions, type SupervisorStatus, type SupervisorTimeouts} from './supervisor-options.js';
import {ConnectionSlots} from './supervisor-slots.js';
import {closeLeftovers, leftoverNotice, type LeftoverDeps} from './supervisor-leftovers.js';
import {warmUpArguments, warmUpGo, warmUpScript} from './supervisor-warm-up.js';
import {tenantTurn, tokenValidityMs, type TenantTurnDeps, type TurnSlot} from './supervisor-tenant.js';
import {closeOutside} from './supervisor-turn-close.js';

export {defaultTimeouts, type SupervisorOptions, type SupervisorStatus, type SupervisorTimeouts} from './supervisor-options.js';

type Rows = Array<Record<string, unknown>>;

/**
 * Tenants per connection a run needs before it gets a spare process. A spare has its next tenant's
 * turn waiting at its gate when a slot frees, but costs a start (about 1.3 s of CPU and 150 MB) and
 * a cold first turn on its slot. Measured before turns waited at a gate (when a spare only had a
 * runspace ready), side by side on 2 cores, 30 tenants at 1 s + 1 s: 0.87 and 0.84 of the ideal
 * without it, 0.86 and 0.87 with it; 300 at 200 + 300 ms: 0.78 and 0.71 without, 0.74 twice with
 * it. So only long runs, and runs of unknown size (--tenants all), keep it.
 */
const spareAfter = 4;

export class Supervisor implements ExchangePort {
	readonly max: number;
	private readonly timeouts: SupervisorTimeouts;
	private readonly slots: ConnectionSlots;
	private readonly pool: ProcessPool;
	private readonly jobs = new Set<Promise<unknown>>();
	private readonly listeners = new Set<(status: SupervisorStatus) => void>();
	/** Aborted by shutdown(): every call in flight is asked to stop. */
	private readonly stopping = new AbortController();
	/** Connections open now, by id, with the tenant they belong to. */
	private readonly open = new Map<string, string>();
	private readonly leftovers: LeftoverDeps;
	private readonly turnDeps: TenantTurnDeps;
	private leftoversClosed: Promise<void> | undefined;
	private closing: Promise<void> | undefined;

	constructor(private readonly options: SupervisorOptions) {
		this.max = Math.max(1, options.maxConnections ?? defaultMaxSessions);
		this.timeouts = {...defaultTimeouts, ...options.timeouts};
		// Tenants queued for a process would wait for one that is never started.
		this.slots = new ConnectionSlots(this.max, error => this.pool.failWaiters(error));
		this.leftovers = {journal: options.journal, closer: options.closer, auth: options.auth, timeoutMs: this.timeouts.closeMs, connectMs: this.timeouts.connectMs};
		const spares = options.spares ?? 1;
		this.pool = new ProcessPool({
			powershell: options.powershell,
			warmTimeoutMs: this.timeouts.warmMs,
			killGraceMs: this.killGraceMs,
			spares,
			warmConcurrency: Math.max(1, options.warmConcurrency ?? 2),
			// A start costs about a second of CPU and the first tenant in a process another (cold
			// code): measured, 10 tenants per process spent more CPU on starts than on tenants. Each
			// tenant's runspace is thrown away, so what grows is process-wide and the 600 MB check
			// catches it; at 300 tenants 40 per process still meant 8 starts on a 2-core machine.
			recycleAfter: Math.max(1, options.tenantsPerProcess ?? 100),
			recycleAboveBytes: (options.recycleAboveMb ?? 600) * 2 ** 20,
			limit: () => this.max - this.slots.orphaned + spares,
			onChange: () => this.notify(),
			// Tenants queued behind a missing pwsh or module would each start a process only to fail the same way.
			onWarmFailure: error => this.slots.failAll(error),
			// Off only for benches measuring what it saves.
			warmUp: options.warmUp === false ? undefined : {script: warmUpScript, args: warmUpArguments(options.exchangeEnvironment ?? ''), go: warmUpGo},
		});
		this.turnDeps = {
			options,
			timeouts: this.timeouts,
			max: this.max,
			pool: this.pool,
			slots: this.slots,
			leftovers: this.leftovers,
			open: this.open,
			tokenFor: (call, validForMs) => this.tokenFor(call, validForMs),
		};
	}

	private get killGraceMs(): number {
		return this.options.killGraceMs ?? 1000;
	}

	/** How long shutdown() waits for tenants to stop and disconnect before ending processes. */
	private get stopBudgetMs(): number {
		return this.options.shutdownBudgetMs ?? this.timeouts.stopMs + this.timeouts.disconnectMs + this.timeouts.closeMs + 500;
	}

	/**
	 * The longest shutdown() can take: stop each call, disconnect each connection, close from
	 * outside what could not be disconnected, end the process trees (SIGTERM, SIGKILL), then close
	 * what those held. Teardown's exit deadline is set from this, not guessed.
	 */
	exitDeadlineMs(): number {
		return this.stopBudgetMs + this.killGraceMs + 500 + this.timeouts.closeMs + 1000;
	}

	status(): SupervisorStatus {
		const processes = this.pool.counts();
		// Busy means holding a connection: a process still retiring the runspace of a tenant whose
		// connection is closed (its slot gone to the next tenant) is not one more session.
		const busy = Math.min(processes.busy, this.slots.inUse);
		return {...processes, busy, max: this.max, orphaned: this.slots.orphaned, waiting: this.slots.waiting + this.pool.waiting};
	}

	/** Calls listener on every change; returns the unsubscribe. */
	onStatus(listener: (status: SupervisorStatus) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/**
	 * Starts warming a process per connection and the spares now, e.g. when the user picks an
	 * Exchange operation: a spare started only once tenants take the others would start (about a
	 * second of CPU) just when their first, costliest turns need the cores. `tenants`, when known, is
	 * how many the run will serve: fewer than the connections means no more processes than tenants;
	 * a run of fewer than spareAfter tenants per connection gets no spare (see there).
	 */
	warm(tenants?: number): void {
		if (this.closing) return;
		const connections = this.max - this.slots.orphaned;
		const few = tenants !== undefined && tenants <= connections;
		const spares = tenants === undefined || tenants > connections * spareAfter ? (this.options.spares ?? 1) : 0;
		const count = few ? Math.max(1, tenants) : connections + spares;
		this.pool.warm(count, few || spares === 0 ? count : undefined);
	}

	/** Closes what an earlier tenantdeck left open (journal), once, when signed in; says so in one line. */
	closeLeftovers(): Promise<void> {
		this.leftoversClosed ??= closeLeftovers(this.leftovers).then(report => {
			const line = leftoverNotice(report);
			if (line) this.options.onNotice?.(line);
		});
		return this.leftoversClosed;
	}

	/** Process ids alive now (for diagnostics and teardown tests). */
	pids(): number[] {
		return this.pool.sessions().flatMap(session => (session.pid === undefined ? [] : [session.pid]));
	}

	run(call: ExchangeCall): Promise<Rows> {
		const job = this.serve(call);
		this.jobs.add(job);
		const forget = () => this.jobs.delete(job);
		job.then(forget, forget);
		return job;
	}

	/**
	 * Idempotent: asks every call in flight to stop, lets each tenant disconnect (each with its own
	 * deadline), ends every process tree, then closes from outside whatever was still open.
	 */
	shutdown(): Promise<void> {
		this.closing ??= this.close();
		return this.closing;
	}

	private async close(): Promise<void> {
		const stopping = new TenantdeckError('cancelled', 'Stopped: tenantdeck is shutting down.');
		this.slots.failAll(stopping);
		this.pool.stop(stopping);
		this.stopping.abort(stopping);
		let timer: NodeJS.Timeout | undefined;
		const budget = new Promise<void>(resolve => {
			timer = setTimeout(resolve, this.stopBudgetMs);
		});
		await Promise.race([Promise.allSettled([...this.jobs]), budget]);
		clearTimeout(timer);
		await this.pool.close(stopping);
		// Tenants that did not disconnect in time: their processes are gone now, close from outside.
		await Promise.all([...this.open].map(([connectionId, tenantId]) => closeOutside(this.turnDeps, tenantId, connectionId)));
		this.notify();
	}

	private async serve(call: ExchangeCall): Promise<Rows> {
		this.check(call);
		await this.closeLeftovers();
		// Shutdown may have begun, or every slot been lost, meanwhile.
		this.check(call);
		this.slots.ensureAny();
		const signal = this.signalFor(call);
		// A process first: the turn is sent to it at once and prepares while it waits for a slot
		// (supervisor-tenant.ts), so with a spare process the next tenant is ready when a slot frees.
		// (Only the call's own signal: shutdown fails every waiter itself, and one listener per queued
		// tenant on the shared shutdown signal would be hundreds.)
		const worker = await this.pool.take(call.signal);
		// A first token for a tenant is a few requests (its authority's metadata, then the token): made
		// while the turn prepares, not on the slot's time. At most one per process is in flight.
		const token = this.tokenFor(call, tokenValidityMs(this.timeouts)).catch(() => undefined);
		const slot = new SupervisorSlot(this.slots, signal, () => this.notify(), token);
		try {
			return await tenantTurn(this.turnDeps, worker, call, signal, slot);
		} finally {
			slot.release();
		}
	}

	/** The call's own abort (cancel one tenant, cancel the run) or shutdown, whichever comes first. */
	private signalFor(call: ExchangeCall): AbortSignal {
		return call.signal ? AbortSignal.any([call.signal, this.stopping.signal]) : this.stopping.signal;
	}

	/**
	 * A token that outlives the call: asked for with the call's deadline as its minimum validity, so
	 * the module is never handed one that expires mid-cmdlet.
	 */
	private async tokenFor(call: ExchangeCall, validForMs: number): Promise<string> {
		this.check(call);
		const token = await this.options.auth.token('exchange', call.tenant.tenantId, {minValidityMs: validForMs});
		this.check(call);
		return token;
	}

	private check(call: ExchangeCall): void {
		if (this.closing) throw new TenantdeckError('cancelled', 'Stopped: tenantdeck is shutting down.', {tenantId: call.tenant.tenantId});
		if (call.signal?.aborted) throw new TenantdeckError('cancelled', 'Cancelled.', {tenantId: call.tenant.tenantId});
	}

	private notify(): void {
		if (this.listeners.size === 0) return;
		const status = this.status();
		for (const listener of this.listeners) listener(status);
	}
}

/**
 * One tenant's hold on a connection slot. The token is fetched before the slot is granted, not on the
 * slot's time; the turn asks again at its gate (served from memory if still valid long enough) so its
 * validity is checked at use.
 */
class SupervisorSlot implements TurnSlot {
	held = false;

	/** token: the tenant's token, being fetched since the turn was sent (its failure is the gate's to report). */
	constructor(
		private readonly slots: ConnectionSlots,
		private readonly signal: AbortSignal,
		private readonly notify: () => void,
		private readonly token: Promise<unknown>,
	) {}

	async acquire(ended: AbortSignal): Promise<void> {
		const granted = this.slots.acquire(AbortSignal.any([this.signal, ended]));
		// Queued or not, the status says so (waiting counts tenants at their gate).
		this.notify();
		await granted;
		// The call ended just as the slot was granted: it is handed on, not held by no one.
		if (ended.aborted) {
			this.slots.release();
			throw new TenantdeckError('cancelled', 'The turn ended before its connection slot was free.');
		}
		this.held = true;
		this.notify();
		// The gate asks for the token next: one fetch, not a second beside this one.
		await this.token;
	}

	release(): void {
		if (!this.held) return;
		this.held = false;
		this.slots.release();
		this.notify();
	}
}
