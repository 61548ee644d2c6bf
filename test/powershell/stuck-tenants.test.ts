// Slow, stuck and refused tenants through the CLI, against the sandbox and the real engine host:
// a hung cmdlet fails its tenant at --timeout and gives its slot back; a service that allows fewer
// connections than we do makes tenants wait for a slot instead of failing; a token that expires
// while its cmdlet runs neither leaks its connection nor fails the tenant.

import {mkdir, writeFile} from 'node:fs/promises';
import {setTimeout as delay} from 'node:timers/promises';
import {join} from 'node:path';
import {hangDeadline} from '../helpers/hang-deadline.js';
import {exchangeLedger, startExchangeSandbox, testWithPowerShell} from '../helpers/powershell.js';
import {exchangeRoute} from '../../source/sandbox/exchange.js';
import {startSandbox, type Sandbox} from '../../source/sandbox/server.js';
import type {Route, SandboxKnobs, SandboxReply, SandboxRequest} from '../../source/sandbox/contract.js';
import type {SandboxContext} from '../../source/sandbox/context.js';
import {headless, tempEnv} from '../helpers/headless.js';

const run = (url: string, ...extra: string[]) => ['run', '--sandbox-url', url, '--op', 'mailboxes-list', '--tenants', 'all', '--format', 'json', ...extra];

testWithPowerShell('two hung tenants fail at --timeout, the other 22 finish, and no slot is lost', async (t, location) => {
	// The 22 healthy tenants must finish inside the --timeout the hung ones fail at: the deadline is
	// measured on this machine just before (a fixed 4 s once failed a healthy tenant under load).
	const deadline = await hangDeadline(t, location, {floorSec: 10});
	t.log(deadline.reason);
	const sandbox = await startExchangeSandbox({exchangeCmdletMs: 50});
	t.teardown(() => sandbox.stop());
	const [first, second] = sandbox.context.world.customers.slice(5, 7);
	sandbox.context.knobs.exchangeHangTenants = [first!.tenantId, second!.tenantId];
	const result = await headless(run(sandbox.url, '--timeout', String(deadline.seconds)), await tempEnv());
	t.is(result.code, 3, result.stderr);
	const rows = JSON.parse(result.stdout) as Array<{tenantId: string}>;
	const served = new Set(rows.map(row => row.tenantId));
	t.is(served.size, 22, result.stderr);
	t.false(served.has(first!.tenantId) || served.has(second!.tenantId));
	const failures = result.stderr.split('\n').filter(line => line.includes('FAILED'));
	t.is(failures.length, 2, result.stderr);
	for (const line of failures) t.regex(line, new RegExp(`timed out after ${deadline.seconds}s`));
	const ledger = await exchangeLedger(sandbox);
	// Closed from outside after the timeout: nothing stays open, and nobody was refused for want of a slot.
	t.is(ledger.open, 0, JSON.stringify(ledger));
	t.is(ledger.refused, 0);
	t.is(ledger.opened, 24);
	t.regex(result.stderr, /22 succeeded, 2 failed/);
});

// That --timeout beats the profile is resolveRunSettings' job (test/core/launch-run.test.ts); here
// the profile's value must reach the supervisor's per-call deadline.
testWithPowerShell('without --timeout, the profile\'s exchangeTimeoutSec is the deadline a hung tenant fails at', async t => {
	const sandbox = await startExchangeSandbox({exchangeCmdletMs: 50});
	t.teardown(() => sandbox.stop());
	// Only the hung tenant: a healthy one could outlast a short deadline on a loaded machine.
	const hung = sandbox.context.world.customers[0]!;
	sandbox.context.knobs.exchangeHangTenants = [hung.tenantId];
	const env = await tempEnv();
	await mkdir(join(env['XDG_CONFIG_HOME']!, 'tenantdeck'), {recursive: true});
	await writeFile(join(env['XDG_CONFIG_HOME']!, 'tenantdeck', 'profile.json'), JSON.stringify({clientId: 'not-used-by-practice', exchangeTimeoutSec: 3}));
	const hungOnly = ['run', '--sandbox-url', sandbox.url, '--op', 'mailboxes-list', '--tenants', hung.tenantId, '--format', 'json'];
	const fromProfile = await headless(hungOnly, env);
	t.is(fromProfile.code, 3, fromProfile.stderr);
	t.regex(fromProfile.stderr, /FAILED.*timed out after 3s/);
});

/** The Exchange sandbox with a test's own step around its Exchange route: each request and its reply seen, held or changed. */
function exchangeSandboxAround(knobs: Partial<SandboxKnobs>, around: (request: SandboxRequest, route: Route, context: SandboxContext) => Promise<SandboxReply | undefined>): Promise<Sandbox> {
	return startSandbox({deviceCodeIntervalSec: 0, ...knobs, routes: [context => {
		const route = exchangeRoute(context);
		return request => around(request, route, context);
	}]});
}

/**
 * A service that allows 2 connections and answers no cmdlet until it has refused a connect: the two
 * open connections stay open until a third connect arrives, on an event rather than on timing (with
 * 100 ms cmdlets, a loaded machine once ran all 24 tenants without three connects ever overlapping).
 * 30 s without a refusal lets the cmdlets go, and the test then fails on its own check.
 */
async function serviceRefusingTheThird() {
	let refusedOnce!: () => void;
	const refused = new Promise<void>(resolve => (refusedOnce = resolve));
	return exchangeSandboxAround({exchangeMaxConnections: 2}, async (request, route) => {
		if (request.url.pathname.endsWith('/InvokeCommand')) await Promise.race([refused, delay(30_000, undefined, {ref: false})]);
		const reply = await route(request);
		if (reply?.status === 429) refusedOnce();
		return reply;
	});
}

testWithPowerShell('a service allowing 2 connections against our 3: refused connects wait for a slot and all 24 tenants succeed', async t => {
	const sandbox = await serviceRefusingTheThird();
	t.teardown(() => sandbox.stop());
	const result = await headless(run(sandbox.url), await tempEnv());
	t.is(result.code, 0, result.stderr);
	t.is(new Set((JSON.parse(result.stdout) as Array<{tenantId: string}>).map(row => row.tenantId)).size, 24);
	const ledger = await exchangeLedger(sandbox);
	t.true(ledger.refused > 0, 'the service never refused: the test proves nothing');
	t.is(ledger.open, 0);
	t.is(ledger.opened, ledger.closed);
	t.log(`refused ${ledger.refused} times, opened ${ledger.opened}`);
});

/**
 * The sandbox, ending each customer token the moment the cmdlet it carried is answered in full (its
 * last page), as a 3-second token ends during a 4-second cmdlet, but on an event rather than on the
 * clock: on a loaded machine a 3-second token could expire before its connect, and a tenant failed.
 */
async function tokensExpiringMidCall() {
	let refusedAsExpired = 0;
	// Under the 5-minute reuse margin: tenantdeck mints a fresh token for each connect and each
	// close from outside, as it must with 3-second tokens.
	const sandbox = await exchangeSandboxAround({tokenLifetimeSec: 120}, async (request, route, context) => {
		const bearer = /^Bearer\s+(\S+)$/i.exec(String(request.headers.authorization ?? ''))?.[1] ?? '';
		const reply = await route(request);
		const grant = context.tokens.lookupAccess(bearer);
		if (reply?.status === 401 && grant && grant.expiresAt <= Date.now()) refusedAsExpired++;
		const lastPage = !(reply?.body as Record<string, unknown> | undefined)?.['@odata.nextLink'];
		if (grant && reply?.status === 200 && request.url.pathname.endsWith('/InvokeCommand') && lastPage) grant.expiresAt = Date.now();
		return reply;
	});
	return {sandbox, refusedAsExpired: () => refusedAsExpired};
}

testWithPowerShell('tokens that expire while their cmdlet runs: no connection leaks and every tenant succeeds', async t => {
	const {sandbox, refusedAsExpired} = await tokensExpiringMidCall();
	t.teardown(() => sandbox.stop());
	const tenants = sandbox.context.world.customers.slice(0, 6);
	const result = await headless(['run', '--sandbox-url', sandbox.url, '--op', 'mailboxes-list', '--tenants', tenants.map(tenant => tenant.tenantId).join(','), '--format', 'json'], await tempEnv());
	const ledger = await exchangeLedger(sandbox);
	t.is(ledger.open, 0, `${JSON.stringify(ledger)} ${result.stderr}`);
	t.is(ledger.opened, ledger.closed);
	t.is(ledger.expired, 0);
	t.log(`${refusedAsExpired()} calls refused for an expired token; ledger ${JSON.stringify(ledger)}`);
	// Each tenant's own Disconnect-ExchangeOnline carried its expired token: the harsh path ran.
	t.true(refusedAsExpired() >= tenants.length, `only ${refusedAsExpired()} calls were refused for an expired token`);
	// Each connect starts with a token minted for it, and a connection whose token expired is closed
	// from outside with a fresh one: every tenant gets its rows, and no slot is lost.
	t.is(result.code, 0, result.stderr);
	const served = new Set((JSON.parse(result.stdout) as Array<{tenantId: string}>).map(row => row.tenantId));
	t.is(served.size, tenants.length, result.stderr);
	t.notRegex(result.stderr, /stopped answering|FAILED/);
});
