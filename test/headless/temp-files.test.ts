// tenantdeck's own temp files go with it: the CLI, as a user runs it (the bundle, in its own process
// group), with a TMPDIR of its own, over the sandbox. PowerShell processes each keep a private rows
// folder there, and .NET runtimes make sockets and pipes there; after a run the folder must be as
// empty as it started. Every way out with a cmdlet in flight (signals, timeout, a crash) is checked
// the same way by the kill matrix (test/powershell/kill-matrix.test.ts).

import test, {type ExecutionContext} from 'ava';
import {ensureBundle} from '../helpers/bundle.js';
import {locatePowerShell, testWithPowerShell} from '../helpers/powershell.js';
import {allGone, cli, leftInTemp, newHome, root, watchedSandbox, type Home} from '../helpers/kill-round.js';

if (typeof (await locatePowerShell()) !== 'string') await ensureBundle(root);

/** What is left in the home's TMPDIR once every process of the home has gone. */
async function leftAfter(t: ExecutionContext, home: Home): Promise<string[]> {
	t.deepEqual(await allGone(home.mark), [], 'a process outlived the run');
	return leftInTemp(home);
}

testWithPowerShell('an Exchange run and a Graph run leave nothing in their TMPDIR: PowerShell\'s rows folders and .NET\'s files go too', async t => {
	const {sandbox} = await watchedSandbox(t, {exchangeCmdletMs: 0});
	const home = await newHome();
	const tenants = sandbox.context.world.customers.slice(0, 3).map(tenant => tenant.tenantId).join(',');
	const exchange = cli(t, home, ['run', '--sandbox-url', sandbox.url, '--op', 'mailboxes-list', '--tenants', tenants, '--format', 'json', '--quiet']);
	const [exchangeCode] = await exchange.exited;
	t.is(exchangeCode, 0, exchange.stderr());
	t.true(exchange.stdout().includes('primarySmtpAddress'), 'the run returned rows');
	const graph = cli(t, home, ['run', '--sandbox-url', sandbox.url, '--op', 'users-list', '--tenants', tenants, '--format', 'csv', '--quiet']);
	const [graphCode] = await graph.exited;
	t.is(graphCode, 0, graph.stderr());
	t.deepEqual(await leftAfter(t, home), []);
});
