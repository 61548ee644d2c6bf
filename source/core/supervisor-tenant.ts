// One tenant's turn on an Exchange connection, once the supervisor has given it a slot and a warm
// process: connect with its own token (waiting, bounded, when the service refuses for too many
// connections), run its script with rows streamed back, disconnect, and when the process cannot
// disconnect (ended, timed out, died) close the connection from outside so the slot is not lost.

import type {ExchangeCall} from './ports.js';
import {TenantdeckError} from './errors.js';
import type {ProcessPool, Worker} from './supervisor-pool.js';
import type {SupervisorOptions, SupervisorTimeouts} from './supervisor-options.js';
import type {ConnectIntent, PowerShellSession} from './supervisor-ports.js';
import {connectScript, disconnectAllScript, disconnectScript, exchangeError, runScript} from './supervisor-scripts.js';
import {isolatedRunScript, runArguments} from './supervisor-isolation.js';
import {streamedRecord} from './exchange-records.js';
import type {ConnectionSlots} from './supervisor-slots.js';
import {closeFromOutside, closeIntentFromOutside, journalConnecting, refusalHint, type LeftoverDeps} from './supervisor-leftovers.js';

type Rows = Array<Record<string, unknown>>;

/** What a tenant's turn shares with the supervisor that scheduled it. */
export type TenantTurnDeps = {
	readonly options: SupervisorOptions;
	readonly timeouts: SupervisorTimeouts;
	readonly max: number;
	readonly pool: ProcessPool;
	readonly slots: ConnectionSlots;
	readonly leftovers: LeftoverDeps;
	/** Connections open now, by id, with the tenant they belong to. */
	readonly open: Map<string, string>;
	/** A token valid for at least validForMs; throws once the call is cancelled or shutdown began. */
	tokenFor(call: ExchangeCall, validForMs: number): Promise<string>;
	/** Throws when the call was cancelled or shutdown began. */
	check(call: ExchangeCall): void;
};

const sleep = (ms: number, signal: AbortSignal) =>
	new Promise<void>(resolve => {
		const timer = setTimeout(resolve, ms);
		signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), {once: true});
	});

/** How long a token must stay valid when a connect starts: the connect and one silent call. */
export const tokenValidityMs = (timeouts: SupervisorTimeouts) => timeouts.connectMs + timeouts.callMs;

/** Connect, run, disconnect; the worker is handed back (or ended) before this settles. */
export async function tenantTurn(deps: TenantTurnDeps, worker: Worker, call: ExchangeCall, signal: AbortSignal): Promise<Rows> {
	const tenantId = call.tenant.tenantId;
	const session = worker.session!;
	const {connectionId, secrets} = await connect(deps, worker, call, signal);

	let rows: Rows = [];
	let failure: TenantdeckError | undefined;
	try {
		// Shutting down or cancelled while connecting: close at once instead of running.
		deps.check(call);
		call.onPhase?.('running');
		// Rows arrive one by one through the side channel (so a cut-short tenant keeps what it did),
		// with anything token-shaped redacted before they go anywhere.
		let streamed = false;
		const result = await session.invoke(call.isolated ? isolatedRunScript : runScript, runArguments(call), {
			timeoutMs: deps.timeouts.callMs,
			secrets,
			signal,
			stopGraceMs: deps.timeouts.stopMs,
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
	// Tried twice while the process lives: the Ctrl+C that stopped the call is delivered by the
	// process when it gets to it, and on a loaded machine that can be after the call ended, stopping
	// the disconnect instead. A Ctrl+C stops one pipeline, so the second try is not stopped by it.
	for (let attempt = 1; attempt <= 2 && !closed && session.alive; attempt++) {
		try {
			// Returns once the service has the connection closed; the runspace is cleared in the background.
			const answer = await session.invoke(disconnectScript, {connectionId}, {timeoutMs: deps.timeouts.disconnectMs, secrets});
			closed = true;
			worker.workingSetBytes = Number(answer.data.at(-1)) || undefined;
			deps.open.delete(connectionId);
			await deps.options.journal?.struck(connectionId, 'disconnected').catch(() => undefined);
		} catch {
			// Tried again, then closed from outside below.
		}
	}
	// Its process was ended (timeout, stop that did not take, death) or the disconnect failed
	// (e.g. the token expired meanwhile): close it from outside so its slot is not lost.
	if (closed) deps.pool.giveBack(worker, true);
	else {
		await deps.pool.end(worker);
		if (!(await closeOutside(deps, tenantId, connectionId))) deps.slots.orphan();
	}
	if (failure) throw failure;
	return rows;
}

/** Closes a connection whose process could not; true once it no longer counts on the service. */
export async function closeOutside(deps: Pick<TenantTurnDeps, 'open' | 'leftovers'>, tenantId: string, connectionId: string): Promise<boolean> {
	if (!deps.open.has(connectionId)) return true;
	const closed = await closeFromOutside(deps.leftovers, {tenantId, connectionId});
	if (closed) deps.open.delete(connectionId);
	return closed;
}

async function connect(deps: TenantTurnDeps, worker: Worker, call: ExchangeCall, signal: AbortSignal): Promise<{connectionId: string; secrets: string[]}> {
	const tenantId = call.tenant.tenantId;
	const session = worker.session!;
	const began = Date.now();
	for (let attempt = 1; ; attempt++) {
		let token: string;
		try {
			token = await deps.tokenFor(call, tokenValidityMs(deps.timeouts));
		} catch (error) {
			deps.pool.giveBack(worker, false);
			throw exchangeError(error, tenantId, 'connect');
		}
		const secrets = [token];
		call.onPhase?.('connecting');
		// On disk before the connect is sent: killed mid-connect, our child may still finish it.
		const intent = await journalConnecting(deps.leftovers, tenantId, session.pid);
		try {
			// Never stopped half-way: a connect stopped after the service opened the connection but
			// before the module recorded it would leave a connection nobody knows the id of. It is
			// short; once it returns, a stop or shutdown disconnects it at once.
			const opened = await session.invoke(connectScript, {organization: tenantId, token, commands: [...call.commands], environment: deps.options.exchangeEnvironment ?? ''}, {timeoutMs: deps.timeouts.connectMs, secrets});
			const connectionId = String(opened.data.at(-1) ?? '');
			deps.open.set(connectionId, tenantId);
			await deps.options.journal?.opened({tenantId, connectionId, openedAt: new Date().toISOString(), pid: process.pid}, intent.intentId).catch(() => undefined);
			return {connectionId, secrets};
		} catch (error) {
			const failure = exchangeError(error, tenantId, 'connect');
			// A connect can fail after the service opened a connection (or cut off by a timeout or a
			// death): a live process closes whatever it holds before serving anyone else.
			const clean = session.alive && (await closeAll(deps, session, secrets));
			if (clean) await deps.options.journal?.struck(intent.intentId, 'connect failed').catch(() => undefined);
			const refused = failure.kind === 'throttled' && clean;
			const waitedMs = Date.now() - began;
			if (!refused || signal.aborted || waitedMs >= deps.timeouts.refusedWaitMs) {
				await finish(deps, worker, clean, intent);
				if (refused) throw new TenantdeckError('throttled', failure.message, {tenantId, hint: await refusalHint(deps.options.journal, deps.max), cause: failure});
				throw failure;
			}
			// Refused for too many connections: wait for one of ours to close (or a while, for
			// sessions held elsewhere) and try again, instead of failing the tenant.
			call.onPhase?.('connecting');
			const pause = Math.min(5000, 500 * attempt, deps.timeouts.refusedWaitMs - waitedMs);
			await Promise.race([deps.slots.released(), sleep(pause, signal)]);
		}
	}
}

async function closeAll(deps: TenantTurnDeps, session: PowerShellSession, secrets: string[]): Promise<boolean> {
	try {
		await session.invoke(disconnectAllScript, {}, {timeoutMs: deps.timeouts.disconnectMs, secrets});
		return true;
	} catch {
		return false;
	}
}

/**
 * Hands a process back once it holds no connection; otherwise ends it and closes from outside what
 * its cut-off connect opened, and only if that fails is the slot lost with it.
 */
async function finish(deps: TenantTurnDeps, worker: Worker, holdsNothing: boolean, intent: ConnectIntent): Promise<void> {
	if (holdsNothing && worker.session?.alive) {
		deps.pool.giveBack(worker, true);
		return;
	}
	await deps.pool.end(worker);
	if ((await closeIntentFromOutside(deps.leftovers, intent)) === undefined) deps.slots.orphan();
}
