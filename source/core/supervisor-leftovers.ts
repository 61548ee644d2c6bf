// Connections the supervisor could not close from their own process (it was killed, timed out or
// died) and connections a previous tenantdeck left behind (SIGKILL, power cut, crash): closed from
// outside with a fresh token for their tenant, and struck from the journal either way they end.
// A connect cut off mid-way is known only by its intent (the PowerShell process that sent it): once
// that process is gone, whatever it opened for the tenant is closed.

import {randomUUID} from 'node:crypto';
import type {AuthPort} from './ports.js';
import type {ConnectIntent, ConnectionCloser, ConnectionJournal, JournalEntry} from './supervisor-ports.js';

export type LeftoverDeps = {
	readonly journal?: ConnectionJournal;
	readonly closer?: ConnectionCloser;
	readonly auth: Pick<AuthPort, 'token'>;
	readonly timeoutMs: number;
	/** A connect's own deadline: a PowerShell process still connecting past it is not waited for. */
	readonly connectMs: number;
};

/** Writes the intent down before a connect is sent; resolves once it is on disk (or the write failed). */
export async function journalConnecting(deps: LeftoverDeps, tenantId: string, workerPid: number | undefined): Promise<ConnectIntent> {
	const intent: ConnectIntent = {intentId: `connecting-${randomUUID()}`, tenantId, startedAt: new Date().toISOString(), pid: process.pid, ...(workerPid === undefined ? {} : {workerPid})};
	await deps.journal?.connecting(intent).catch(() => undefined);
	return intent;
}

/**
 * Closes what a connect cut off mid-way may have opened, from outside, once its process is gone:
 * the number of connections closed (0: it never got that far), or undefined when it could not be
 * closed now (the intent then stays in the journal for the next start).
 */
export async function closeIntentFromOutside(deps: LeftoverDeps, intent: ConnectIntent): Promise<number | undefined> {
	if (!deps.closer) return undefined;
	try {
		let closed = 0;
		if (intent.workerPid !== undefined) {
			const token = await deps.auth.token('exchange', intent.tenantId);
			const outcome = await deps.closer.closeOpenedBy({tenantId: intent.tenantId, clientPid: intent.workerPid}, token, deps.timeoutMs);
			closed = outcome === 'written off' ? 0 : outcome;
		}
		await deps.journal?.struck(intent.intentId, closed > 0 ? 'closed afterwards' : 'written off').catch(() => undefined);
		return closed;
	} catch {
		return undefined;
	}
}

/** Closes one connection from outside its process; true when it no longer counts on the service. */
export async function closeFromOutside(deps: LeftoverDeps, entry: {tenantId: string; connectionId: string}): Promise<boolean> {
	return (await closeEntry(deps, entry)) !== undefined;
}

/** As closeFromOutside, saying whether the service still held it ('gone': it had ended by itself). */
async function closeEntry(deps: LeftoverDeps, entry: {tenantId: string; connectionId: string}): Promise<'closed' | 'gone' | 'written off' | undefined> {
	if (!deps.closer) return undefined;
	try {
		const token = await deps.auth.token('exchange', entry.tenantId);
		const outcome = await deps.closer.close(entry, token, deps.timeoutMs);
		await deps.journal?.struck(entry.connectionId, outcome === 'written off' ? 'written off' : 'closed afterwards').catch(() => undefined);
		return outcome;
	} catch {
		return undefined;
	}
}

/** closed: connections that were still open and are closed now; failed: could not be closed now. */
export type LeftoverReport = {closed: number; failed: number; ownedElsewhere: number};

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Is this pid a live process other than us (another tenantdeck still holding its connections)? */
function otherLiveProcess(pid: number): boolean {
	return pid !== process.pid && alive(pid);
}

/**
 * Waits for a killed tenantdeck's PowerShell child to finish the connect it was sending and leave
 * (it reads end-of-input next), but never past that connect's own deadline: an older intent's pid
 * may belong to another process by now.
 */
async function workerGone(intent: ConnectIntent, connectMs: number): Promise<void> {
	if (intent.workerPid === undefined) return;
	const deadline = Date.parse(intent.startedAt) + connectMs;
	while (alive(intent.workerPid) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 100));
}

/** Closes what an earlier tenantdeck left open; connections of a tenantdeck still running are left to it. */
export async function closeLeftovers(deps: LeftoverDeps): Promise<LeftoverReport> {
	const report: LeftoverReport = {closed: 0, failed: 0, ownedElsewhere: 0};
	if (!deps.journal) return report;
	let entries: JournalEntry[];
	let intents: ConnectIntent[];
	try {
		[entries, intents] = await Promise.all([deps.journal.unstruck(), deps.journal.unresolved()]);
	} catch {
		return report;
	}
	const connecting = intents.filter(intent => {
		if (!otherLiveProcess(intent.pid)) return true;
		report.ownedElsewhere++;
		return false;
	});
	await Promise.all([
		...entries.map(async entry => {
			if (otherLiveProcess(entry.pid)) {
				report.ownedElsewhere++;
				return;
			}
			const outcome = await closeEntry(deps, entry);
			// 'gone': its process disconnected it after all, just before it was killed; nothing was left open.
			if (outcome === 'closed' || outcome === 'written off') report.closed++;
			else if (outcome === undefined) report.failed++;
		}),
		...connecting.map(async intent => {
			await workerGone(intent, deps.connectMs);
			const closed = await closeIntentFromOutside(deps, intent);
			if (closed === undefined) report.failed++;
			else report.closed += closed;
		}),
	]);
	return report;
}

/** The one line a start prints about what it found, or undefined when there was nothing. */
export function leftoverNotice(report: LeftoverReport): string | undefined {
	if (report.closed + report.failed === 0) return undefined;
	const plural = (count: number) => `${count} Exchange connection${count === 1 ? '' : 's'}`;
	if (report.failed === 0) return `Closed ${plural(report.closed)} a previous tenantdeck left open (it was ended before it could disconnect).`;
	return `Closed ${report.closed} of ${plural(report.closed + report.failed)} a previous tenantdeck left open; the rest could not be closed now and expire on the service within about 15 minutes.`;
}

/** How to ask for fewer connections, headless and in the console. */
const fewerSessions = 'lower --max-sessions (the profile\'s "maxSessions" in the console).';

/** Who holds the connections when the service refuses another: ours (journal) or someone else's. */
export async function refusalHint(journal: ConnectionJournal | undefined, max: number): Promise<string> {
	const entries = journal ? await journal.unstruck().catch(() => []) : [];
	const mine = entries.filter(entry => entry.pid === process.pid).length;
	const otherTenantdeck = entries.filter(entry => entry.pid !== process.pid && otherLiveProcess(entry.pid));
	if (otherTenantdeck.length > 0) {
		const pids = [...new Set(otherTenantdeck.map(entry => entry.pid))].join(', ');
		return `${otherTenantdeck.length} of the ${max} are held by another tenantdeck still running (pid ${pids}); let it finish, or ${fewerSessions}`;
	}
	if (mine >= max) return `All ${max} are this run's own; it waited for one to free up.`;
	return `${max - mine} of the ${max} are open elsewhere (another Exchange PowerShell session of this account); close it, or ${fewerSessions}`;
}
