// One tenant's turn on an Exchange connection, once the supervisor has given it a slot and a warm
// process: connect with its own token (waiting, bounded, when the service refuses for too many
// connections), run its script with rows streamed back, disconnect — one PowerShell call when all
// goes well — and when the process cannot disconnect (ended, timed out, died) close the connection
// from outside so the slot is not lost (supervisor-turn-close.ts).

import type {ExchangeCall} from './ports.js';
import {TenantdeckError} from './errors.js';
import type {Worker} from './supervisor-pool.js';
import type {SupervisorTimeouts} from './supervisor-options.js';
import type {ConnectIntent, StreamRecord} from './supervisor-ports.js';
import {exchangeError} from './supervisor-scripts.js';
import {isolatedTenantTurnScript, tenantTurnScript, turnArguments, turnPhase, type TurnPhase} from './supervisor-turn-script.js';
import {streamedRecord} from './exchange-records.js';
import {journalConnecting, refusalHint} from './supervisor-leftovers.js';
import {closeAll, closeOutside, disconnect, finish, strikeIntent, type TurnCloseDeps} from './supervisor-turn-close.js';

type Rows = Array<Record<string, unknown>>;

/** What a tenant's turn shares with the supervisor that scheduled it. */
export type TenantTurnDeps = TurnCloseDeps & {
	readonly max: number;
	/** A token valid for at least validForMs; throws once the call is cancelled or shutdown began. */
	tokenFor(call: ExchangeCall, validForMs: number): Promise<string>;
};

const sleep = (ms: number, signal: AbortSignal) =>
	new Promise<void>(resolve => {
		const timer = setTimeout(resolve, ms);
		signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), {once: true});
	});

/** How long a token must stay valid when a connect starts: the connect and one silent call. */
export const tokenValidityMs = (timeouts: SupervisorTimeouts) => timeouts.connectMs + timeouts.callMs;

/** A tenant's connection slot (supervisor-slots.ts), as its turn uses it. */
export interface TurnSlot {
	readonly held: boolean;
	/** Waits for a slot; rejects, holding nothing, when `ended` or the call is aborted first. */
	acquire(ended: AbortSignal): Promise<void>;
	/** Frees the slot, if held. */
	release(): void;
}

/**
 * Connect, run, disconnect, as one PowerShell call in the happy path (supervisor-turn-script.ts),
 * sent before the tenant has a slot: the call opens the tenant's runspace and waits at its gate,
 * where the slot is taken, the connect journalled and the token handed over. The slot is released
 * the moment the service has the connection closed. The worker is handed back (or ended) before
 * this settles.
 */
export async function tenantTurn(deps: TenantTurnDeps, worker: Worker, call: ExchangeCall, signal: AbortSignal, slot: TurnSlot): Promise<Rows> {
	const tenantId = call.tenant.tenantId;
	const session = worker.session!;
	// A refused connect waits for a slot from its first go on, not counting the time queued at the gate.
	let began: number | undefined;
	for (let attempt = 1; ; attempt++) {
		const secrets: string[] = [];
		let intent: ConnectIntent | undefined;
		let gateFailure: {error: unknown; callEnded: boolean} | undefined;
		const openGate = async (ended: AbortSignal): Promise<string> => {
			// Each await here can outlast the call (its process died, a stop ended it): past it, nothing more is done.
			const stillWanted = () => {
				if (ended.aborted) throw new TenantdeckError('cancelled', 'The turn ended before it could connect.', {tenantId});
			};
			try {
				if (!slot.held) await slot.acquire(ended);
				began ??= Date.now();
				const token = await deps.tokenFor(call, tokenValidityMs(deps.timeouts));
				stillWanted();
				call.onPhase?.('connecting');
				// On disk before the connect is sent: killed mid-connect, our child may still finish it.
				intent = await journalConnecting(deps.leftovers, tenantId, session.pid);
				if (ended.aborted) {
					await strikeIntent(deps, intent);
					intent = undefined;
					stillWanted();
				}
				secrets.push(token);
				return token;
			} catch (error) {
				gateFailure = {error, callEnded: ended.aborted};
				throw error;
			}
		};
		// The call can settle while its gate is still at work: the turn's outcome is read once both have.
		let gateSettled: Promise<unknown> = Promise.resolve();
		const gate = (ended: AbortSignal) => {
			const go = openGate(ended);
			gateSettled = go.catch(() => undefined);
			return go;
		};
		const turn = new TurnProgress(deps, call, () => intent, secrets, () => slot.release(), bytes => (worker.workingSetBytes = bytes));
		let failure: unknown;
		try {
			const script = call.isolated ? isolatedTenantTurnScript : tenantTurnScript;
			const result = await session.invoke(script, turnArguments(call, undefined, deps.options.exchangeEnvironment ?? ''), {
				timeoutMs: deps.timeouts.connectMs,
				secrets,
				signal,
				stopGraceMs: deps.timeouts.stopMs,
				onRecord: record => turn.received(record),
				deadlineAfter: record => turn.deadlineAfter(record),
				gate,
			});
			// A session that does not stream rows (a test's fake) returns them at the end instead.
			if (!turn.streamedRows) turn.rows.push(...result.data.flatMap(item => rowOf(item, secrets)));
		} catch (error) {
			failure = error;
		}
		await gateSettled;
		await turn.journalled();
		if (gateFailure && turn.connectionId === undefined) {
			// No go (cancelled waiting for a slot, no token, or the call ended first): nothing was sent to the service.
			if (intent) await strikeIntent(deps, intent);
			if (session.alive && !signal.aborted) deps.pool.giveBack(worker, false);
			else await deps.pool.end(worker);
			// When the call ended first (its process died, a stop), its own failure says why.
			throw exchangeError(gateFailure.callEnded && failure ? failure : gateFailure.error, tenantId, 'connect');
		}
		if (turn.connectionId === undefined) {
			// Never connected as far as we know: the connect failed, was refused, or the call was stopped
			// or cut off around it. The tenant's runspace may still hold a connection whose id we never
			// learnt (a shielded connect that finished after a stop): close whatever it holds.
			const connectFailure = exchangeError(failure ?? new TenantdeckError('powershell', 'The connect reported no connection.'), tenantId, 'connect');
			const clean = session.alive && (await closeAll(deps, session, secrets));
			if (clean && intent) await strikeIntent(deps, intent);
			const refused = connectFailure.kind === 'throttled' && clean;
			const waitedMs = Date.now() - (began ?? Date.now());
			if (!refused || signal.aborted || waitedMs >= deps.timeouts.refusedWaitMs) {
				await finish(deps, worker, clean && !signal.aborted, clean, intent);
				if (refused) throw new TenantdeckError('throttled', connectFailure.message, {tenantId, hint: await refusalHint(deps.options.journal, deps.max), cause: connectFailure});
				throw connectFailure;
			}
			// Refused for too many connections: wait for one of ours to close (or a while, for
			// sessions held elsewhere) and try again, keeping the slot, instead of failing the tenant.
			const pause = Math.min(5000, 500 * attempt, deps.timeouts.refusedWaitMs - waitedMs);
			await Promise.race([deps.slots.released(), sleep(pause, signal)]);
			continue;
		}
		const closed = turn.disconnected || (await disconnect(deps, worker, turn.connectionId, secrets));
		// A stop asked of this process may land late (after the call it was meant for): a process that
		// was asked to stop is not handed to the next tenant, whose call it could stop instead.
		if (closed && !signal.aborted) deps.pool.giveBack(worker, true);
		else {
			await deps.pool.end(worker);
			if (!closed && !(await closeOutside(deps, tenantId, turn.connectionId))) deps.slots.orphan();
		}
		// A failure after the script finished well (a disconnect stopped by a late Ctrl+C, a death while
		// retiring the runspace) is the connection's, handled above: the tenant's rows are whole.
		if (failure && !turn.ranOk) throw exchangeError(failure, tenantId, 'run');
		return turn.rows;
	}
}

/**
 * What one turn call has reported so far, acted on as it arrives: the connection journalled as opened,
 * rows collected, the connection struck and its slot released the moment it is disconnected.
 */
class TurnProgress {
	connectionId: string | undefined;
	disconnected = false;
	/** The tenant's script finished without failing (the turn said so before disconnecting). */
	ranOk = false;
	streamedRows = false;
	readonly rows: Rows = [];
	private journal: Promise<unknown> = Promise.resolve();

	constructor(
		private readonly deps: TenantTurnDeps,
		private readonly call: ExchangeCall,
		private readonly intent: () => ConnectIntent | undefined,
		private readonly secrets: string[],
		private readonly release: () => void,
		private readonly holds: (workingSetBytes: number | undefined) => void,
	) {}

	received(received: StreamRecord): void {
		if (received.kind === 'phase') {
			this.phase(turnPhase(received.value));
			return;
		}
		this.streamedRows = true;
		// Rows arrive one by one (so a cut-short tenant keeps what it did), anything token-shaped redacted.
		const record = streamedRecord(received, this.secrets);
		if (!record) return;
		if (record.kind === 'row') this.rows.push(record.row);
		this.call.onRecord?.(record);
	}

	/** Each phase's own deadline for silence: the connect's, the script's (--timeout), the disconnect's. */
	deadlineAfter(record: StreamRecord): number | undefined {
		if (record.kind !== 'phase') return undefined;
		const phase = turnPhase(record.value)?.phase;
		return phase === 'connected' ? this.deps.timeouts.callMs : phase === undefined ? undefined : this.deps.timeouts.disconnectMs;
	}

	/** Resolves once every journal line this turn wrote is on disk (or failed). */
	journalled(): Promise<unknown> {
		return this.journal;
	}

	private phase(phase: TurnPhase | undefined): void {
		const {deps} = this;
		const intentId = this.intent()?.intentId;
		const journal = deps.options.journal;
		const tenantId = this.call.tenant.tenantId;
		if (phase?.phase === 'connected' && this.connectionId === undefined) {
			const connectionId = phase.connectionId;
			this.connectionId = connectionId;
			deps.open.set(connectionId, tenantId);
			this.journal = this.journal.then(() => journal?.opened({tenantId, connectionId, openedAt: new Date().toISOString(), pid: process.pid}, intentId)).catch(() => undefined);
			this.call.onPhase?.('running');
		} else if (phase?.phase === 'disconnecting' && phase.connectionId === this.connectionId) {
			this.ranOk = phase.ranOk;
		} else if (phase?.phase === 'disconnected' && phase.connectionId === this.connectionId && !this.disconnected) {
			const connectionId = phase.connectionId;
			this.disconnected = true;
			this.holds(phase.workingSet || undefined);
			deps.open.delete(connectionId);
			this.journal = this.journal.then(() => journal?.struck(connectionId, 'disconnected')).catch(() => undefined);
			// The process still retires the runspace and answers; the slot need not wait for that.
			this.release();
		}
	}
}

const rowOf = (item: unknown, secrets: string[]): Rows => {
	const record = streamedRecord({kind: 'row', value: item}, secrets);
	return record?.kind === 'row' ? [record.row] : [];
};
