// The call deadline for a test where hung tenants must time out while healthy ones finish. A fixed
// number of seconds is a guess about the machine: 4 s was enough alone, yet under a load of 26 on two
// cores a healthy first Get-Mailbox in a fresh process stayed silent longer and failed its tenant.
// So the deadline is measured instead: a few healthy first calls in fresh processes (the slowest
// kind of call), run side by side just before the test, on a sandbox of their own so the test's
// ledger and log stay exact; the deadline is `times` the slowest of them, never below `floorSec`.

import {performance} from 'node:perf_hooks';
import {listMailboxes} from '../../source/core/operations/mailboxes-list.js';
import {Supervisor} from '../../source/core/supervisor.js';
import type {PowerShellLocation} from '../../source/adapters/powershell/find-powershell.js';
import {recordingPort, sandboxAuth, sandboxTenants, startExchangeSandbox} from './powershell.js';

export type HangDeadline = {
	/** Whole seconds, as --timeout and the profile take them. */
	readonly seconds: number;
	readonly ms: number;
	/** The slowest healthy call measured, for the test's log. */
	readonly slowestMs: number;
	/** One line for t.log: what the deadline was derived from. */
	readonly reason: string;
};

/** How long a healthy call stays silent (from its start until its rows are in), slowest of `side` at once. */
export async function slowestHealthyCallMs(location: PowerShellLocation, side = 3): Promise<number> {
	const sandbox = await startExchangeSandbox({tenants: side});
	// A process per call and no spare: a fourth start would only add to the load being measured.
	const supervisor = new Supervisor({powershell: recordingPort(sandbox, location), auth: sandboxAuth(sandbox), maxConnections: side, spares: 0, timeouts: {callMs: 600_000}});
	try {
		const durations = await Promise.all(sandboxTenants(sandbox).map(async tenant => {
			let began = performance.now();
			await listMailboxes(supervisor, tenant, {}, {
				onPhase: phase => {
					if (phase === 'running') began = performance.now();
				},
			});
			return performance.now() - began;
		}));
		return Math.max(...durations);
	} finally {
		await supervisor.shutdown();
		await sandbox.stop();
	}
}

/**
 * Measures, then derives the deadline. Pass the test's context: a test built on a deadline that grows
 * with the load can run longer than ava's inactivity limit (ava.config.mjs), so it gets its own time limit
 * (a hang guard only: the deadline a few times over and some minutes for the rest).
 */
export async function hangDeadline(t: {timeout(ms: number): void}, location: PowerShellLocation, options: {floorSec: number; times?: number; ceilingSec?: number}): Promise<HangDeadline> {
	// ava suspends its inactivity limit for every file while a test's own limit runs: kept no longer
	// than a hang guard needs, so a hang elsewhere is still caught within minutes.
	t.timeout(5 * 60_000);
	const times = options.times ?? 6;
	const slowestMs = await slowestHealthyCallMs(location);
	const seconds = Math.min(options.ceilingSec ?? 120, Math.max(options.floorSec, Math.ceil((times * slowestMs) / 1000)));
	t.timeout(6 * seconds * 1000 + 5 * 60_000);
	return {seconds, ms: seconds * 1000, slowestMs, reason: `call deadline ${seconds} s: ${times}× the slowest healthy first call measured just before (${Math.round(slowestMs)} ms), at least ${options.floorSec} s`};
}
