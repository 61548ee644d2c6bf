// Constrained Language Mode (WDAC/AppLocker) against the fresh runspace per tenant: the refusal is
// named before any Exchange work for built-in and custom operations alike, and a process that is in
// ConstrainedLanguage cannot reach a FullLanguage tenant runspace (which would sidestep the lock-down)
// even if the up-front probe were skipped: the per-tenant runspace is never created, no connection
// is opened, and the call fails at once instead of hanging.

import {powershellEnvironment} from '../../source/adapters/powershell/powershell-port.js';
import {PowerShellProcess} from '../../source/adapters/powershell/powershell-process.js';
import {Supervisor} from '../../source/core/supervisor.js';
import {listMailboxes} from '../../source/core/operations/mailboxes-list.js';
import {headless, tempEnv} from '../helpers/headless.js';
import {exchangeLedger, exchangeLog, sandboxAuth, sandboxTenants, startExchangeSandbox, testWithPowerShell} from '../helpers/powershell.js';

const examples = new URL('../../examples/operations', import.meta.url).pathname;
const named = /PowerShell on this machine runs in ConstrainedLanguage mode \(Constrained Language Mode, set by WDAC or AppLocker\)/;

testWithPowerShell('a Constrained Language workstation: built-in and custom operations both fail every tenant with the reason named, and nothing connects', async t => {
	const sandbox = await startExchangeSandbox({tenants: 3});
	t.teardown(() => sandbox.stop());
	const env = await tempEnv({TENANTDECK_SANDBOX_LANGUAGE_MODE: 'ConstrainedLanguage'});
	for (const operation of [['--op', 'mailboxes-list'], ['--ops-dir', examples, '--op', 'custom:forwarding-to-domain', '--param', 'domain=example.com']]) {
		const result = await headless(['run', '--sandbox-url', sandbox.url, ...operation, '--tenants', 'all', '--format', 'json'], env);
		t.is(result.code, 3, result.stderr);
		const failures = result.stderr.split('\n').filter(line => line.includes('FAILED'));
		t.is(failures.length, 3, result.stderr);
		for (const line of failures) t.regex(line, named);
		t.notRegex(result.stderr, /Method invocation is supported only|timed out/);
	}
	const ledger = await exchangeLedger(sandbox);
	t.is(ledger.opened, 0, JSON.stringify(ledger));
	t.deepEqual(await exchangeLog(sandbox), []);
});

testWithPowerShell('with the probe skipped, a ConstrainedLanguage process still cannot open a FullLanguage tenant runspace: the call fails at once with the reason named and nothing connects', async (t, location) => {
	const sandbox = await startExchangeSandbox({tenants: 2});
	t.teardown(() => sandbox.stop());
	const env = powershellEnvironment({sandboxUrl: sandbox.url, env: {...process.env, TENANTDECK_SANDBOX_LANGUAGE_MODE: 'ConstrainedLanguage'}});
	// Straight to the process, past the port's probe: what would happen if the probe missed it.
	const started: PowerShellProcess[] = [];
	const powershell = {
		async start() {
			const session = new PowerShellProcess({executable: location.path, env});
			started.push(session);
			return session;
		},
	};
	const supervisor = new Supervisor({powershell, auth: sandboxAuth(sandbox), maxConnections: 1, spares: 0, timeouts: {warmMs: 60_000, connectMs: 60_000, callMs: 60_000}});
	t.teardown(() => supervisor.shutdown());
	const [tenant] = sandboxTenants(sandbox);
	const error = await t.throwsAsync(listMailboxes(supervisor, tenant!, {}));
	t.is((error as {kind?: string}).kind, 'powershell', error?.message);
	t.regex(error?.message ?? '', named);
	t.is((await exchangeLedger(sandbox)).opened, 0);
	t.deepEqual(await exchangeLog(sandbox), []);
	await supervisor.shutdown();
	t.true(started.length > 0);
	t.false(started.some(session => session.alive), 'a process was left running');
});
