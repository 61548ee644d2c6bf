// Exchange through the CLI: every tenant's mailboxes within the connection limit, and hostile
// --param values that reach Get-Mailbox as data, never as script.

import {existsSync} from 'node:fs';
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {countingPowerShell, exchangeLedger, exchangeLog, startExchangeSandbox, testWithPowerShell} from '../helpers/powershell.js';
import {headless, revokeAfterTokens, tempEnv} from '../helpers/headless.js';
import {progressEveryMs} from '../../source/headless/progress.js';

testWithPowerShell('run --op mailboxes-list --tenants all: rows for all 24 tenants, at most 3 connections, every one closed', async t => {
	const sandbox = await startExchangeSandbox({exchangeCmdletMs: 20});
	t.teardown(() => sandbox.stop());
	const env = await tempEnv();
	const result = await headless(['run', '--sandbox-url', sandbox.url, '--op', 'mailboxes-list', '--tenants', 'all', '--format', 'json'], env);
	t.is(result.code, 0, result.stderr);
	const rows = JSON.parse(result.stdout) as Array<{tenantId: string; primarySmtpAddress: string}>;
	t.is(new Set(rows.map(row => row.tenantId)).size, 24);
	t.true(rows.every(row => row.primarySmtpAddress.includes('@')));
	const ledger = await exchangeLedger(sandbox);
	t.true(ledger.peak <= 3, JSON.stringify(ledger));
	t.is(ledger.opened, 24);
	t.is(ledger.opened, ledger.closed);
	t.is(ledger.open, 0);
});

testWithPowerShell('"--tenants all" over a few tenants starts a process per connection and no spare, once it knows how many there are', async (t, location) => {
	// At sign-in "all" is still an unknown count: processes begin to warm for a long run (three and a
	// spare). Six tenants need the three only.
	const sandbox = await startExchangeSandbox({tenants: 6});
	t.teardown(() => sandbox.stop());
	const powershell = await countingPowerShell(location);
	const env = await tempEnv({TENANTDECK_PWSH: powershell.path});
	const result = await headless(['run', '--sandbox-url', sandbox.url, '--op', 'mailboxes-list', '--tenants', 'all', '--format', 'json', '--quiet'], env);
	t.is(result.code, 0, result.stderr);
	t.is(new Set((JSON.parse(result.stdout) as Array<{tenantId: string}>).map(row => row.tenantId)).size, 6);
	t.is(await powershell.starts(), 3);
	t.is((await exchangeLedger(sandbox)).open, 0);
});

testWithPowerShell('a run over named tenants starts a PowerShell process per tenant up to the connections, and no spare for a short run', async (t, location) => {
	const sandbox = await startExchangeSandbox();
	t.teardown(() => sandbox.stop());
	const powershell = await countingPowerShell(location);
	const env = await tempEnv({TENANTDECK_PWSH: powershell.path});
	const [first, second] = sandbox.context.world.customers;
	const run = (tenants: string) => headless(['run', '--sandbox-url', sandbox.url, '--op', 'mailboxes-list', '--tenants', tenants, '--format', 'json', '--quiet'], env);
	const one = await run(first!.tenantId);
	t.is(one.code, 0, one.stderr);
	t.is(await powershell.starts(), 1, 'one tenant, one process (it used to be three, warmed for the connection limit)');
	const two = await run(`${first!.defaultDomain},${second!.tenantId}`);
	t.is(two.code, 0, two.stderr);
	t.is(new Set((JSON.parse(two.stdout) as Array<{tenantId: string}>).map(row => row.tenantId)).size, 2);
	t.is(await powershell.starts(), 1 + 2);
	const customers = sandbox.context.world.customers.slice(0, 4);
	const four = await run(customers.map(customer => customer.tenantId).join(','));
	t.is(four.code, 0, four.stderr);
	t.is(new Set((JSON.parse(four.stdout) as Array<{tenantId: string}>).map(row => row.tenantId)).size, 4);
	t.is(await powershell.starts(), 1 + 2 + 3, 'four tenants, three connections: the fourth waits for a warm process instead of a spare being started');
	t.is((await exchangeLedger(sandbox)).open, 0);
});

testWithPowerShell('hostile --param identity values arrive byte-for-byte and run nothing', async t => {
	const sandbox = await startExchangeSandbox();
	t.teardown(() => sandbox.stop());
	const folder = await mkdtemp(join(tmpdir(), 'tenantdeck-canary-'));
	const canary = join(folder, 'pwned.txt');
	const write = `[System.IO.File]::WriteAllText('${canary}', 'pwned')`;
	// Each value is one whole CLI run (a new PowerShell each time), so a few that cover every way out
	// of a string; the adapter's own test sends 54 more through the same path.
	const hostile = [
		`'; ${write}; '`,
		`"$(${write})"`,
		`‘; ${write}; ‘ \`$(${write})`,
		`x\n@'\n${write}\n'@`,
		`a\u0000b | ForEach-Object { ${write} }`,
		`name=with=equals $env:HOME ${'x'.repeat(5000)}`,
	];
	const env = await tempEnv();
	const login = await headless(['login', '--sandbox-url', sandbox.url], env);
	t.is(login.code, 0, login.stderr);
	const [tenant] = sandbox.context.world.customers;
	for (const identity of hostile) {
		const result = await headless(['run', '--sandbox-url', sandbox.url, '--op', 'mailboxes-list', '--tenants', tenant!.tenantId, '--param', `identity=${identity}`, '--format', 'json', '--quiet'], env);
		// Looked up as a name and not found: the tenant fails, nothing else happens.
		t.is(result.code, 3, result.stderr);
	}
	const received = (await exchangeLog(sandbox)).filter(entry => entry.cmdlet === 'Get-Mailbox').map(entry => entry.parameters['Identity']);
	t.deepEqual(received, hostile);
	t.false(existsSync(canary), 'a payload ran');
});

testWithPowerShell('a workstation in Constrained Language Mode is named before any Exchange work, not a raw method-invocation error', async t => {
	const env = await tempEnv({TENANTDECK_SANDBOX_LANGUAGE_MODE: 'ConstrainedLanguage'});
	const result = await headless(['run', '--sandbox', '--op', 'mailboxes-list', '--tenants', 'all', '--format', 'json'], env);
	t.is(result.code, 3);
	const failures = result.stderr.split('\n').filter(line => line.includes('FAILED'));
	t.true(failures.length > 0);
	for (const line of failures) t.regex(line, /PowerShell on this machine runs in ConstrainedLanguage mode \(Constrained Language Mode, set by WDAC or AppLocker\)/);
	t.notRegex(result.stderr, /Method invocation is supported only/);
});

testWithPowerShell('a forwarding report says on stderr how many of each tenant\'s mailboxes are done, not a line per mailbox', async t => {
	const sandbox = await startExchangeSandbox();
	t.teardown(() => sandbox.stop());
	const env = await tempEnv();
	const [first, second] = sandbox.context.world.customers;
	const result = await headless(['run', '--sandbox-url', sandbox.url, '--op', 'mailbox-forwarding-report', '--tenants', `${first!.tenantId},${second!.tenantId}`, '--max-sessions', '1', '--format', 'json'], env);
	t.is(result.code, 0, result.stderr);
	for (const tenant of [first!, second!]) {
		const counts = result.stderr.split('\n').filter(line => line.includes(`working ${tenant.defaultDomain}: `));
		const done = new RegExp(`done +${tenant.defaultDomain.replace(/\./g, '\\.')}: .* in ([\\d.]+)s`).exec(result.stderr);
		t.truthy(done, result.stderr);
		// The first count, one every 5 s at most, and the last: how many 5 s fit depends on how fast
		// the machine is, so the tenant's own time (its done line) sets the bound.
		t.true(counts.length >= 1 && counts.length <= 2 + Math.floor((Number(done?.[1]) * 1000) / progressEveryMs), result.stderr);
		const total = Number(/: \d+\/(\d+) mailboxes$/.exec(counts.at(-1)!)?.[1]);
		t.true(total > 1, counts.join('\n'));
		t.regex(counts.at(-1)!, new RegExp(`: ${total}/${total} mailboxes$`));
	}
});

testWithPowerShell('a sign-in revoked during an Exchange run starts no further tenants, says so, and exits 4, as a Graph run does', async t => {
	const sandbox = await startExchangeSandbox({exchangeCmdletMs: 200});
	t.teardown(() => sandbox.stop());
	const env = await tempEnv();
	const url = ['--sandbox-url', sandbox.url];
	t.is((await headless(['tenants', ...url], env)).code, 0);
	// Revoked once the first Exchange tokens were issued: the tenants after them need the refresh token.
	const revoke = revokeAfterTokens(sandbox, 3);
	const run = await headless(['run', ...url, '--op', 'mailboxes-list', '--tenants', 'all', '--format', 'json'], env);
	await revoke;
	t.is(run.code, 4, run.stderr);
	t.regex(run.stderr, /\d+ tenants were not started\. Your sign-in was revoked — run "tenantdeck login"\./);
	const failed = run.stderr.split('\n').filter(line => line.includes('FAILED')).length;
	const done = run.stderr.split('\n').filter(line => / done +\S+: /.test(line)).length;
	t.true(failed + done < 24, `tenants were still started after the revocation (${done} done, ${failed} failed)`);
	t.is((await exchangeLedger(sandbox)).open, 0);
});
