// A hung tenant retried while the run is still going, end to end: the console in-process on a fake
// terminal, the sandbox over real HTTP, real MSAL and the real PowerShell engine host. Two tenants'
// cmdlets never answer; they fail at the console's call deadline (measured: wide of this machine's slowest
// healthy call, see helpers/hang-deadline.ts) while the other 22 are still running,
// `r` queues them again at once, and once the service answers again every tenant succeeds — with no
// connection left open and none refused, so the timed-out calls cost no slot.

import {startConsole} from '../../source/app/start.js';
import {withUtf8Locale} from '../helpers/utf8-env.js';
import {resetTeardownForTests} from '../../source/core/teardown.js';
import {FakeKeyboard} from '../fakes/keyboard.js';
import {FakeTerminal} from '../fakes/terminal.js';
import {tempEnv} from '../helpers/headless.js';
import {hangDeadline} from '../helpers/hang-deadline.js';
import {exchangeLedger, startExchangeSandbox, testWithPowerShell} from '../helpers/powershell.js';

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');

testWithPowerShell('two hung tenants fail at --timeout while the others run; r retries them live, and all 24 succeed with no slot lost', async (t, location) => {
	// Minutes only on a machine shared many ways (the deadline grows with the load, and so does this
	// test's own time limit, set by hangDeadline); alone it takes about one.
	t.teardown(() => resetTeardownForTests());
	const deadline = await hangDeadline(t, location, {floorSec: 10, ceilingSec: 60});
	t.log(deadline.reason);
	// The run must still be going when the hung tenants time out: with two of the three slots held
	// by them, the 22 others pass one at a time through the third, each cmdlet a twelfth of the
	// deadline, so they need at least 22/12 of it (more with PowerShell's own time).
	const sandbox = await startExchangeSandbox({exchangeCmdletMs: Math.ceil(deadline.ms / 12)});
	t.teardown(() => sandbox.stop());
	const customers = sandbox.context.world.customers;
	// The first two in the run view's order (by name), so they hang while the rest are still queued.
	const hung = [...customers].sort((a, b) => a.name.localeCompare(b.name)).slice(0, 2);
	sandbox.context.knobs.exchangeHangTenants = hung.map(tenant => tenant.tenantId);

	const terminal = new FakeTerminal(140, 60);
	const keyboard = new FakeKeyboard();
	const exited = startConsole({sandboxUrl: sandbox.url, env: withUtf8Locale(await tempEnv()), callTimeoutMs: deadline.ms, stdout: terminal as unknown as NodeJS.WriteStream, stdin: keyboard as unknown as NodeJS.ReadStream});
	// The frame Ink drew last: each is written as one synchronized update.
	const frame = () => plain(terminal.output.slice(Math.max(0, terminal.output.lastIndexOf('\u001B[?2026h'))));
	// However the test ends, the console quits and shuts its PowerShell down.
	t.teardown(async () => {
		keyboard.press('q');
		await new Promise(resolve => setTimeout(resolve, 100));
		keyboard.press('y');
		await exited;
	});
	const waitFor = async (wanted: RegExp | ((screen: string) => boolean), what: string, timeoutMs = 60_000) => {
		const matches = typeof wanted === 'function' ? wanted : (screen: string) => wanted.test(screen);
		for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise(resolve => setTimeout(resolve, 50))) {
			const screen = frame();
			if (matches(screen)) return screen;
		}
		throw new Error(`timed out waiting for ${what}; the screen shows:\n${frame()}`);
	};
	const press = async (...keys: string[]) => {
		for (const key of keys) {
			keyboard.press(key);
			await new Promise(resolve => setTimeout(resolve, 60));
		}
	};

	// The sandbox approves the device code by itself.
	await waitFor(/0 selected of 24/, 'the tenant picker');
	await press('a');
	await waitFor(/24 selected of 24/, 'all 24 selected');
	await press('\r');
	const operations = await waitFor(/Operation for 24 tenants/, 'the operation picker');
	const ids = operations.split('\n').map(line => /^\s*\[(?:read|WRITE)\]\s+(\S+)/.exec(line)?.[1]).filter(Boolean);
	const steps = ids.indexOf('mailboxes-list');
	t.true(steps >= 0, operations);
	await press('g', ...'j'.repeat(steps));
	await waitFor(/List mailboxes.*Exchange/i, 'mailboxes-list highlighted');
	await press('\r');
	await waitFor(/parameters/, 'the parameters form');
	await press('\r');

	// The two hung tenants fail at the timeout while others are still running.
	const failedLive = await waitFor(screen => /2 failed/.test(screen) && /\d+ running/.test(screen), 'two failures while the run is live', deadline.ms + 120_000);
	for (const tenant of hung) t.regex(failedLive, new RegExp(`${tenant.name.slice(0, 12)}.*failed.*timed out after ${deadline.seconds}s`));
	t.notRegex(failedLive, /finished/);
	// The service answers again; r retries the failed tenants without waiting for the run to end.
	sandbox.context.knobs.exchangeHangTenants = [];
	await press('r');
	await waitFor(screen => !/\d+ failed/.test(screen.split('\n').find(line => /\d+\/24 ·/.test(line)) ?? 'failed'), 'the failures queued again');
	const done = await waitFor(/24\/24 · 24 rows|24\/24(?: ·)? .*succeeded|— finished/, 'the run to finish', 3 * deadline.ms + 180_000);
	t.regex(done, /— finished/);
	t.notRegex(done.split('\n').find(line => /\d+\/24 ·/.test(line)) ?? '', /failed/);

	const ledger = await exchangeLedger(sandbox);
	// 24 tenants plus the 2 retried: every connection closed, none refused, never more than 3.
	t.is(ledger.opened, 26, JSON.stringify(ledger));
	t.is(ledger.open, 0, JSON.stringify(ledger));
	t.is(ledger.refused, 0, JSON.stringify(ledger));
	t.true(ledger.peak <= 3, JSON.stringify(ledger));
});
