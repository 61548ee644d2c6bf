// The session supervisor: runs Exchange scripts across tenants in PowerShell processes, never holding
// more connections than the service allows per account, one connection per tenant opened with that
// customer's token and closed right after. shutdown() closes every live connection, then ends every
// process tree, because a leaked connection locks the admin out until the service expires it.

import type {ExchangeCall, ExchangePort} from './ports.js';
import {TenantdeckError} from './errors.js';
import {ProcessPool, type Worker} from './supervisor-pool.js';
import {defaultTimeouts, type SupervisorOptions, type SupervisorStatus, type SupervisorTimeouts} from './supervisor-options.js';
import {connectScript, disconnectAllScript, disconnectScript, exchangeError, runScript} from './supervisor-scripts.js';
import {isolatedRunScript, runArguments} from './supervisor-isolation.js';
import {streamedRecord} from './exchange-records.js';
import {ConnectionSlots} from './supervisor-slots.js';
import {closeFromOutside, closeIntentFromOutside, closeLeftovers, journalConnecting, leftoverNotice, refusalHint, type LeftoverDeps} from './supervisor-leftovers.js';
import type {ConnectIntent, PowerShellSession} from './supervisor-ports.js';

export {defaultTimeouts, type SupervisorOptions, type SupervisorStatus, type SupervisorTimeouts} from './supervisor-options.js';

type Rows = Array<Record<string, unknown>>;

const sleep = (ms: number, signal: AbortSignal) =>
	new Promise<void>(resolve => {
		const timer = setTimeout(resolve, ms);
		signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), {once: true});
	});

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
	private leftoversClosed: Promise<void> | undefined;
	private closing: Promise<void> | undefined;

	constructor(private readonly options: SupervisorOptions) {
		this.max = Math.max(1, options.maxConnections ?? 3);
		this.timeouts = {...defaultTimeouts, ...options.timeouts};
		this.slots = new ConnectionSlots(this.max);
		this.leftovers = {journal: options.journal, closer: options.closer, auth: options.auth, timeoutMs: this.timeouts.closeMs, connectMs: this.timeouts.connectMs};
		const spares = options.spares ?? 1;
		this.pool = new ProcessPool({
			powershell: options.powershell,
			warmTimeoutMs: this.timeouts.warmMs,
			killGraceMs: this.killGraceMs,
			spares,
			warmConcurrency: Math.max(1, options.warmConcurrency ?? 2),
			recycleAfter: Math.max(1, options.tenantsPerProcess ?? 10),
			limit: () => this.max - this.slots.orphaned + spares,
			onChange: () => this.notify(),
			// Tenants queued behind a missing pwsh or module would each start a process only to fail the same way.
			onWarmFailure: error => this.slots.failAll(error),
		});
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
		return {...this.pool.counts(), max: this.max, orphaned: this.slots.orphaned, waiting: this.slots.waiting};
	}

	/** Calls listener on every change; returns the unsubscribe. */
	onStatus(listener: (status: SupervisorStatus) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Starts warming a process per connection now, e.g. when the user picks an Exchange operation. */
	warm(): void {
		if (this.closing) return;
		this.pool.warm(this.max - this.slots.orphaned);
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
		await Promise.all([...this.open].map(([connectionId, tenantId]) => this.closeOutside(tenantId, connectionId)));
		this.notify();
	}

	private async serve(call: ExchangeCall): Promise<Rows> {
		this.check(call);
		await this.closeLeftovers();
		// The token is fetched while the tenant waits its turn, not on the slot's time; connect asks
		// again (served from memory if still valid long enough) so its validity is checked at use.
		let early: Promise<unknown> | undefined;
		await this.slots.acquire(call.signal, () => {
			early = this.tokenFor(call, this.tokenValidityMs).catch(() => undefined);
		});
		this.notify();
		try {
			const worker = await this.pool.take();
			await early;
			return await this.inConnection(worker, call);
		} finally {
			this.slots.release();
			this.notify();
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

	/** How long a token must stay valid when a connect starts: the connect and one silent call. */
	private get tokenValidityMs(): number {
		return this.timeouts.connectMs + this.timeouts.callMs;
	}

	private async connect(worker: Worker, call: ExchangeCall, signal: AbortSignal): Promise<{connectionId: string; secrets: string[]}> {
		const tenantId = call.tenant.tenantId;
		const session = worker.session!;
		const began = Date.now();
		for (let attempt = 1; ; attempt++) {
			let token: string;
			try {
				token = await this.tokenFor(call, this.tokenValidityMs);
			} catch (error) {
				this.pool.giveBack(worker, false);
				throw exchangeError(error, tenantId, 'connect');
			}
			const secrets = [token];
			call.onPhase?.('connecting');
			// On disk before the connect is sent: killed mid-connect, our child may still finish it.
			const intent = await journalConnecting(this.leftovers, tenantId, session.pid);
			try {
				// Never stopped half-way: a connect stopped after the service opened the connection but
				// before the module recorded it would leave a connection nobody knows the id of. It is
				// short; once it returns, a stop or shutdown disconnects it at once.
				const opened = await session.invoke(connectScript, {organization: tenantId, token, commands: [...call.commands], environment: this.options.exchangeEnvironment ?? ''}, {timeoutMs: this.timeouts.connectMs, secrets});
				const connectionId = String(opened.data.at(-1) ?? '');
				this.open.set(connectionId, tenantId);
				await this.options.journal?.opened({tenantId, connectionId, openedAt: new Date().toISOString(), pid: process.pid}, intent.intentId).catch(() => undefined);
				return {connectionId, secrets};
			} catch (error) {
				const failure = exchangeError(error, tenantId, 'connect');
				// A connect can fail after the service opened a connection (or cut off by a timeout or a
				// death): a live process closes whatever it holds before serving anyone else.
				const clean = session.alive && (await this.closeAll(session, secrets));
				if (clean) await this.options.journal?.struck(intent.intentId, 'connect failed').catch(() => undefined);
				const refused = failure.kind === 'throttled' && clean;
				const waitedMs = Date.now() - began;
				if (!refused || signal.aborted || waitedMs >= this.timeouts.refusedWaitMs) {
					await this.finish(worker, clean, intent);
					if (refused) throw new TenantdeckError('throttled', failure.message, {tenantId, hint: await refusalHint(this.options.journal, this.max), cause: failure});
					throw failure;
				}
				// Refused for too many connections: wait for one of ours to close (or a while, for
				// sessions held elsewhere) and try again, instead of failing the tenant.
				call.onPhase?.('connecting');
				const pause = Math.min(5000, 500 * attempt, this.timeouts.refusedWaitMs - waitedMs);
				await Promise.race([this.slots.released(), sleep(pause, signal)]);
			}
		}
	}

	private async inConnection(worker: Worker, call: ExchangeCall): Promise<Rows> {
		const tenantId = call.tenant.tenantId;
		const session = worker.session!;
		const signal = this.signalFor(call);
		const {connectionId, secrets} = await this.connect(worker, call, signal);

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
				signal,
				stopGraceMs: this.timeouts.stopMs,
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
				this.open.delete(connectionId);
				await this.options.journal?.struck(connectionId, 'disconnected').catch(() => undefined);
			} catch {
				// Closed from outside below.
			}
		}
		// Its process was ended (timeout, stop that did not take, death) or the disconnect failed
		// (e.g. the token expired meanwhile): close it from outside so its slot is not lost.
		if (closed) this.pool.giveBack(worker, true);
		else {
			await this.pool.end(worker);
			if (!(await this.closeOutside(tenantId, connectionId))) this.slots.orphan();
		}
		if (failure) throw failure;
		return rows;
	}

	private async closeOutside(tenantId: string, connectionId: string): Promise<boolean> {
		if (!this.open.has(connectionId)) return true;
		const closed = await closeFromOutside(this.leftovers, {tenantId, connectionId});
		if (closed) this.open.delete(connectionId);
		return closed;
	}

	private async closeAll(session: PowerShellSession, secrets: string[]): Promise<boolean> {
		try {
			await session.invoke(disconnectAllScript, {}, {timeoutMs: this.timeouts.disconnectMs, secrets});
			return true;
		} catch {
			return false;
		}
	}

	/**
	 * Hands a process back once it holds no connection; otherwise ends it and closes from outside what
	 * its cut-off connect opened, and only if that fails is the slot lost with it.
	 */
	private async finish(worker: Worker, holdsNothing: boolean, intent: ConnectIntent): Promise<void> {
		if (holdsNothing && worker.session?.alive) {
			this.pool.giveBack(worker, true);
			return;
		}
		await this.pool.end(worker);
		if ((await closeIntentFromOutside(this.leftovers, intent)) === undefined) this.slots.orphan();
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
