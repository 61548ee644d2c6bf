// Connections the supervisor could not close from their own process (it was killed, timed out or
// died) and connections a previous tenantdeck left behind (SIGKILL, power cut, crash): closed from
// outside with a fresh token for their tenant, and struck from the journal either way they end.

import type {AuthPort} from './ports.js';
import type {ConnectionCloser, ConnectionJournal, JournalEntry} from './supervisor-ports.js';

export type LeftoverDeps = {
	readonly journal?: ConnectionJournal;
	readonly closer?: ConnectionCloser;
	readonly auth: Pick<AuthPort, 'token'>;
	readonly timeoutMs: number;
};

/** Closes one connection from outside its process; true when it no longer counts on the service. */
export async function closeFromOutside(deps: LeftoverDeps, entry: {tenantId: string; connectionId: string}): Promise<boolean> {
	if (!deps.closer) return false;
	try {
		const token = await deps.auth.token('exchange', entry.tenantId);
		const outcome = await deps.closer.close(entry, token, deps.timeoutMs);
		await deps.journal?.struck(entry.connectionId, outcome === 'written off' ? 'written off' : 'closed afterwards').catch(() => undefined);
		return true;
	} catch {
		return false;
	}
}

export type LeftoverReport = {closed: number; failed: number; ownedElsewhere: number};

/** Is this pid a live process other than us (another tenantdeck still holding its connections)? */
function otherLiveProcess(pid: number): boolean {
	if (pid === process.pid) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Closes what an earlier tenantdeck left open; connections of a tenantdeck still running are left to it. */
export async function closeLeftovers(deps: LeftoverDeps): Promise<LeftoverReport> {
	const report: LeftoverReport = {closed: 0, failed: 0, ownedElsewhere: 0};
	if (!deps.journal) return report;
	let entries: JournalEntry[];
	try {
		entries = await deps.journal.unstruck();
	} catch {
		return report;
	}
	await Promise.all(
		entries.map(async entry => {
			if (otherLiveProcess(entry.pid)) {
				report.ownedElsewhere++;
				return;
			}
			if (await closeFromOutside(deps, entry)) report.closed++;
			else report.failed++;
		}),
	);
	return report;
}

/** The one line a start prints about what it found, or undefined when there was nothing. */
export function leftoverNotice(report: LeftoverReport): string | undefined {
	if (report.closed + report.failed === 0) return undefined;
	const plural = (count: number) => `${count} Exchange connection${count === 1 ? '' : 's'}`;
	if (report.failed === 0) return `Closed ${plural(report.closed)} a previous tenantdeck left open (it was ended before it could disconnect).`;
	return `Closed ${report.closed} of ${plural(report.closed + report.failed)} a previous tenantdeck left open; the rest could not be closed now and expire on the service within about 15 minutes.`;
}

/** Who holds the connections when the service refuses another: ours (journal) or someone else's. */
export async function refusalHint(journal: ConnectionJournal | undefined, max: number): Promise<string> {
	const entries = journal ? await journal.unstruck().catch(() => []) : [];
	const mine = entries.filter(entry => entry.pid === process.pid).length;
	const otherTenantdeck = entries.filter(entry => entry.pid !== process.pid && otherLiveProcess(entry.pid));
	if (otherTenantdeck.length > 0) {
		const pids = [...new Set(otherTenantdeck.map(entry => entry.pid))].join(', ');
		return `${otherTenantdeck.length} of the ${max} are held by another tenantdeck still running (pid ${pids}); let it finish, or lower --max-sessions.`;
	}
	if (mine >= max) return `All ${max} are this run's own; it waited for one to free up.`;
	return `${max - mine} of the ${max} are open elsewhere (another Exchange PowerShell session of this account); close it, or lower --max-sessions.`;
}
