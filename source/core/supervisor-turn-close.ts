// What a tenant's turn does when it could not close its own connection (stopped, failed, cut off,
// its process ended): disconnect again from the process, close what the runspace holds, close from
// outside with a fresh token, strike the journal's lines, and hand the process back or end it. Only
// when all of that fails is a connection slot written off.

import type {ProcessPool, Worker} from './supervisor-pool.js';
import type {SupervisorOptions, SupervisorTimeouts} from './supervisor-options.js';
import type {ConnectIntent, PowerShellSession} from './supervisor-ports.js';
import {disconnectAllScript, disconnectScript} from './supervisor-scripts.js';
import type {ConnectionSlots} from './supervisor-slots.js';
import {closeFromOutside, closeIntentFromOutside, type LeftoverDeps} from './supervisor-leftovers.js';

/** What closing up after a turn needs from the supervisor. */
export type TurnCloseDeps = {
	readonly options: SupervisorOptions;
	readonly timeouts: SupervisorTimeouts;
	readonly pool: ProcessPool;
	readonly slots: ConnectionSlots;
	readonly leftovers: LeftoverDeps;
	/** Connections open now, by id, with the tenant they belong to. */
	readonly open: Map<string, string>;
};

/**
 * The turn did not get to disconnect (stopped, failed, cut off): disconnect from its process with
 * the disconnect's own deadline. Tried twice while the process lives: the Ctrl+C that stopped the
 * call is delivered by the process when it gets to it, and on a loaded machine that can be after the
 * call ended, stopping the disconnect instead. A Ctrl+C stops one pipeline, so the second try is not
 * stopped by it. Resolves true once the connection is closed.
 */
export async function disconnect(deps: TurnCloseDeps, worker: Worker, connectionId: string, secrets: string[]): Promise<boolean> {
	const session = worker.session!;
	for (let attempt = 1; attempt <= 2 && session.alive; attempt++) {
		try {
			const answer = await session.invoke(disconnectScript, {connectionId}, {timeoutMs: deps.timeouts.disconnectMs, secrets});
			worker.workingSetBytes = Number(answer.data.at(-1)) || undefined;
			deps.open.delete(connectionId);
			await deps.options.journal?.struck(connectionId, 'disconnected').catch(() => undefined);
			return true;
		} catch {
			// Tried again, then closed from outside by the caller.
		}
	}
	return false;
}

/** Closes a connection whose process could not; true once it no longer counts on the service. */
export async function closeOutside(deps: Pick<TurnCloseDeps, 'open' | 'leftovers'>, tenantId: string, connectionId: string): Promise<boolean> {
	if (!deps.open.has(connectionId)) return true;
	const closed = await closeFromOutside(deps.leftovers, {tenantId, connectionId});
	if (closed) deps.open.delete(connectionId);
	return closed;
}

/** Closes whatever the tenant's runspace holds; tried twice, as disconnect() is, for a late Ctrl+C. */
export async function closeAll(deps: TurnCloseDeps, session: PowerShellSession, secrets: string[]): Promise<boolean> {
	for (let attempt = 1; attempt <= 2 && session.alive; attempt++) {
		try {
			await session.invoke(disconnectAllScript, {}, {timeoutMs: deps.timeouts.disconnectMs, secrets});
			return true;
		} catch {
			// Tried again while the process lives.
		}
	}
	return false;
}

/** The journal's connect intent is struck: that connect never opened anything. */
export function strikeIntent(deps: TurnCloseDeps, intent: ConnectIntent): Promise<void> {
	return deps.options.journal?.struck(intent.intentId, 'connect failed').catch(() => undefined) ?? Promise.resolve();
}

/**
 * Hands a process back once it holds no connection (and was not asked to stop: see tenantTurn in supervisor-tenant.ts);
 * otherwise ends it, and closes from outside what its cut-off connect may have opened, and only if
 * that fails is the slot lost with it.
 */
export async function finish(deps: TurnCloseDeps, worker: Worker, reusable: boolean, holdsNothing: boolean, intent: ConnectIntent | undefined): Promise<void> {
	if (reusable && holdsNothing && worker.session?.alive) {
		deps.pool.giveBack(worker, true);
		return;
	}
	await deps.pool.end(worker);
	// A call cut off before its connect was journalled never sent one.
	if (holdsNothing || !intent) return;
	if ((await closeIntentFromOutside(deps.leftovers, intent)) === undefined) deps.slots.orphan();
}
