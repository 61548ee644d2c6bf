// The session supervisor: runs Exchange scripts across tenants in PowerShell processes, never holding
// more connections than the service allows per account, one connection per tenant opened with that
// customer's token and closed right after. shutdown() closes every live connection, then ends every
// process tree, because a leaked connection locks the admin out until the service expires it.

import type {AuthPort, ExchangeCall, ExchangePort} from './ports.js';
import {TenantdeckError} from './errors.js';
import {ProcessPool, type Worker} from './supervisor-pool.js';
import type {PowerShellPort, PowerShellSession} from './supervisor-ports.js';
import {connectScript, disconnectAllScript, disconnectScript, exchangeError, runScript} from './supervisor-scripts.js';
import {isolatedRunScript, runArguments} from './supervisor-isolation.js';
import {streamedRecord} from './exchange-records.js';
import {ConnectionSlots} from './supervisor-slots.js';

export type SupervisorTimeouts = {
	/** Start plus Import-Module. */
	readonly warmMs: number;
	readonly connectMs: number;
	/** The tenant's own script; past it the process is ended and the tenant fails. */
	readonly callMs: number;
	readonly disconnectMs: number;
};

export type SupervisorOptions = {
	readonly powershell: PowerShellPort;
	readonly auth: Pick<AuthPort, 'token'>;
	/** Live connections per signed-in account (--max-sessions); the service allows 3. */
	readonly maxConnections?: number;
	/** Connect-ExchangeOnline -ExchangeEnvironmentName for sovereign clouds (omitted: O365Default). */
	readonly exchangeEnvironment?: string;
	/** Warmed processes kept ready beyond those tenants are waiting for. */
	readonly spares?: number;
	/** Processes starting at once (default 2); the CLI may pass the machine's core count. */
	readonly warmConcurrency?: number;
	/** Tenants one process serves before it is replaced (the module keeps its memory). */
	readonly tenantsPerProcess?: number;
	readonly timeouts?: Partial<SupervisorTimeouts>;
	/** How long shutdown() waits for live connections to close before ending processes. */
	readonly shutdownBudgetMs?: number;
	/** Between SIGTERM and SIGKILL. */
	readonly killGraceMs?: number;
};

/** For the UI: processes per state, and the connection limit. */
export type SupervisorStatus = {
	readonly busy: number;
	readonly warming: number;
	readonly idle: number;
	readonly max: number;
	/** Connections lost with their process that may still count on the service. */
	readonly orphaned: number;
	/** Tenants waiting for a free connection. */
	readonly waiting: number;
};

export const defaultTimeouts: SupervisorTimeouts = {warmMs: 120_000, connectMs: 120_000, callMs: 600_000, disconnectMs: 30_000};

type Rows = Array<Record<string, unknown>>;

export class Supervisor implements ExchangePort {
	readonly max: number;
	private readonly timeouts: SupervisorTimeouts;
	private readonly slots: ConnectionSlots;
	private readonly pool: ProcessPool;
	private readonly jobs = new Set<Promise<unknown>>();
	private readonly listeners = new Set<(status: SupervisorStatus) => void>();
	private closing: Promise<void> | undefined;

	constructor(private readonly options: SupervisorOptions) {
		this.max = Math.max(1, options.maxConnections ?? 3);
		this.timeouts = {...defaultTimeouts, ...options.timeouts};
		this.slots = new ConnectionSlots(this.max);
		const spares = options.spares ?? 1;
		this.pool = new ProcessPool({
			powershell: options.powershell,
			warmTimeoutMs: this.timeouts.warmMs,
			killGraceMs: options.killGraceMs ?? 1000,
			spares,
			warmConcurrency: Math.max(1, options.warmConcurrency ?? 2),
			recycleAfter: Math.max(1, options.tenantsPerProcess ?? 10),
			limit: () => this.max - this.slots.orphaned + spares,
			onChange: () => this.notify(),
			// Tenants queued behind a missing pwsh or module would each start a process only to fail the same way.
			onWarmFailure: error => this.slots.failAll(error),
		});
	}

	status(): SupervisorStatus {
		return {...this.pool.counts(), max: this.max, orphaned: this.slots.orphaned, waiting: this.slots.waiting};
	}

	/** Calls listener on every change; returns the unsubscribe. */
	onStatus(listener: (status: SupervisorStatus) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Starts warming a process per connection now, e.g. when the user picks an Exchange operation. */
	warm(): void {
		if (!this.closing) this.pool.warm(this.max - this.slots.orphaned);
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

	/** Idempotent: closes live connections (bounded by shutdownBudgetMs), then ends every process tree. */
	shutdown(): Promise<void> {
		this.closing ??= this.close();
		return this.closing;
	}

	private async close(): Promise<void> {
		const stopping = new TenantdeckError('cancelled', 'Stopped: tenantdeck is shutting down.');
		this.slots.failAll(stopping);
		this.pool.stop(stopping);
		// Tenants in a connection skip their script and disconnect; give them the budget to do so.
		let timer: NodeJS.Timeout | undefined;
		const budget = new Promise<void>(resolve => {
			timer = setTimeout(resolve, this.options.shutdownBudgetMs ?? 2500);
		});
		await Promise.race([Promise.allSettled([...this.jobs]), budget]);
		clearTimeout(timer);
		await this.pool.close(stopping);
		this.notify();
	}

	private async serve(call: ExchangeCall): Promise<Rows> {
		this.check(call);
		await this.slots.acquire(call.signal);
		this.notify();
		try {
			const worker = await this.pool.take();
			return await this.inConnection(worker, call);
		} finally {
			this.slots.release();
			this.notify();
		}
	}

	private async inConnection(worker: Worker, call: ExchangeCall): Promise<Rows> {
		const tenantId = call.tenant.tenantId;
		const session = worker.session!;
		let token: string;
		try {
			this.check(call);
			token = await this.options.auth.token('exchange', tenantId);
			this.check(call);
		} catch (error) {
			this.pool.giveBack(worker, false);
			throw exchangeError(error, tenantId, 'connect');
		}
		const secrets = [token];
		call.onPhase?.('connecting');
		let connectionId: string;
		try {
			const opened = await session.invoke(connectScript, {organization: tenantId, token, commands: [...call.commands], environment: this.options.exchangeEnvironment ?? ''}, {timeoutMs: this.timeouts.connectMs, secrets});
			connectionId = String(opened.data.at(-1) ?? '');
		} catch (error) {
			// A connect can fail after the service opened a connection (or cut off by a timeout or a
			// death): a live process closes whatever it holds before serving anyone else.
			await this.finish(worker, session.alive && (await this.closeAll(session, secrets)));
			throw exchangeError(error, tenantId, 'connect');
		}

		let rows: Rows = [];
		let failure: TenantdeckError | undefined;
		try {
			// Shutting down or cancelled while connecting: close at once instead of running.
			this.check(call);
			call.onPhase?.('running');
			// Rows arrive one by one through the side channel (so a cut-short tenant keeps what it did),
			// with anything token-shaped redacted before they go anywhere.
			let streamed = false;
			const result = await session.invoke(call.isolated ? isolatedRunScript : runScript, runArguments(call), {
				timeoutMs: this.timeouts.callMs,
				secrets,
				onRecord: received => {
					streamed = true;
					const record = streamedRecord(received, secrets);
					if (!record) return;
					if (record.kind === 'row') rows.push(record.row);
					call.onRecord?.(record);
				},
			});
			// A session that does not stream (a test's fake) returns its rows at the end instead.
			if (!streamed) rows = result.data.map(item => streamedRecord({kind: 'row', value: item}, secrets)).flatMap(record => (record?.kind === 'row' ? [record.row] : []));
		} catch (error) {
			failure = exchangeError(error, tenantId, 'run');
		}

		let closed = false;
		if (session.alive) {
			try {
				await session.invoke(disconnectScript, {connectionId}, {timeoutMs: this.timeouts.disconnectMs, secrets});
				closed = true;
			} catch {
				// Counted as lost below.
			}
		}
		await this.finish(worker, closed);
		if (failure) throw failure;
		return rows;
	}

	private async closeAll(session: PowerShellSession, secrets: string[]): Promise<boolean> {
		try {
			await session.invoke(disconnectAllScript, {}, {timeoutMs: this.timeouts.disconnectMs, secrets});
			return true;
		} catch {
			return false;
		}
	}

	/** Hands a process back once it holds no connection; otherwise the connection is lost with it. */
	private async finish(worker: Worker, holdsNothing: boolean): Promise<void> {
		if (holdsNothing && worker.session?.alive) {
			this.pool.giveBack(worker, true);
			return;
		}
		this.slots.orphan();
		await this.pool.end(worker);
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
