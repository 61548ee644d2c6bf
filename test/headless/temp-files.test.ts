// tenantdeck's own temp files go with it: the CLI, as a user runs it (the bundle, in its own process
// group), with a TMPDIR of its own, over the sandbox. PowerShell processes each keep a private rows
// folder there, and .NET runtimes make sockets and pipes there; after a run, or after Ctrl+C with a
// cmdlet in flight, the folder must be as empty as it started.

import test, {type ExecutionContext} from 'ava';
import {mkdir, readdir} from 'node:fs/promises';
import {join} from 'node:path';
import {ensureBundle} from '../helpers/bundle.js';
import {locatePowerShell, testWithPowerShell} from '../helpers/powershell.js';
import {allGone, cli, newHome, pause, root, watchedSandbox, type Home} from '../helpers/kill-round.js';

if (typeof (await locatePowerShell()) !== 'string') await ensureBundle(root);

/** A private home whose processes get a TMPDIR of their own (empty at the start). */
async function homeWithTemp(): Promise<{home: Home; temp: string}> {
	const home = await newHome();
	const temp = join(home.env['HOME']!, 'tmp');
	await mkdir(temp);
	return {home: {...home, env: {...home.env, TMPDIR: temp}}, temp};
}

/** What is left in `temp` once every process of the home has gone. */
async function leftAfter(t: ExecutionContext, home: Home, temp: string): Promise<string[]> {
	t.deepEqual(await allGone(home.mark), [], 'a process outlived the run');
	return readdir(temp, {recursive: true}).then(names => names.map(String));
}

testWithPowerShell('an Exchange run and a Graph run leave nothing in their TMPDIR: PowerShell\'s rows folders and .NET\'s files go too', async t => {
	const {sandbox} = await watchedSandbox(t, {exchangeCmdletMs: 0});
	const {home, temp} = await homeWithTemp();
	const tenants = sandbox.context.world.customers.slice(0, 3).map(tenant => tenant.tenantId).join(',');
	const exchange = cli(t, home, ['run', '--sandbox-url', sandbox.url, '--op', 'mailboxes-list', '--tenants', tenants, '--format', 'json', '--quiet']);
	const [exchangeCode] = await exchange.exited;
	t.is(exchangeCode, 0, exchange.stderr());
	t.true(exchange.stdout().includes('primarySmtpAddress'), 'the run returned rows');
	const graph = cli(t, home, ['run', '--sandbox-url', sandbox.url, '--op', 'users-list', '--tenants', tenants, '--format', 'csv', '--quiet']);
	const [graphCode] = await graph.exited;
	t.is(graphCode, 0, graph.stderr());
	t.deepEqual(await leftAfter(t, home, temp), []);
});

testWithPowerShell('Ctrl+C with a cmdlet in flight leaves nothing in TMPDIR once the run has shut its PowerShell down', async t => {
	const {sandbox, cmdlets} = await watchedSandbox(t);
	const {home, temp} = await homeWithTemp();
	const run = cli(t, home, ['run', '--sandbox-url', sandbox.url, '--op', 'mailboxes-list', '--tenants', 'all', '--format', 'json', '--quiet']);
	await new Promise(resolve => cmdlets.once('cmdlet', resolve));
	// Cmdlets take 3 s: a moment later it is still in flight, and the other processes are busy or warm.
	await pause(300);
	process.kill(-run.child.pid!, 'SIGINT');
	const [code] = await run.exited;
	t.is(code, 130, run.stderr().slice(-800));
	t.is(sandbox.stats().exchange.open, 0);
	t.deepEqual(await leftAfter(t, home, temp), []);
});
