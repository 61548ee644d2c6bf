// Hostile identities through the real path — supervisor, adapter, PowerShell, the stand-in module,
// the sandbox — must reach Get-Mailbox as data: byte-for-byte in the sandbox's exchange log, and
// none of them may run anything (the canary file they try to create never appears).

import {existsSync} from 'node:fs';
import {mkdtemp, readdir} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import type {TenantdeckError} from '../../source/core/errors.js';
import {listMailboxes} from '../../source/core/operations/mailboxes-list.js';
import {Supervisor} from '../../source/core/supervisor.js';
import {exchangeDirectory} from '../../source/sandbox/exchange-mailboxes.js';
import {exchangeLedger, exchangeLog, recordingPort, sandboxAuth, sandboxTenants, startExchangeSandbox, testWithPowerShell} from '../helpers/powershell.js';

function hostileStrings(canary: string): string[] {
	const write = `[System.IO.File]::WriteAllText('${canary}', 'pwned')`;
	const long = `'"‘’“”$(${write})\`;|@'\n`.repeat(Math.ceil(100_000 / 40)).slice(0, 100_000);
	return [
		"'",
		'"',
		'‘',
		'’',
		'‚',
		'‛',
		'“',
		'”',
		'„',
		'`',
		'\\',
		`$(${write})`,
		`"$(${write})"`,
		`'; ${write}; '`,
		`"; ${write}; "`,
		`‘; ${write}; ‘`,
		`’); ${write}; (’`,
		`“; ${write}; ”`,
		`„$(${write})“`,
		'$env:HOME',
		'${env:PATH}',
		`\`$(${write})`,
		`\`"; ${write}; \`"`,
		`; ${write}`,
		`| ForEach-Object { ${write} }`,
		`& { ${write} }`,
		`. { ${write} }`,
		`x\n${write}\n`,
		`x\r\n${write}`,
		`@'\n${write}\n'@`,
		`@"\n$(${write})\n"@`,
		"@'",
		'@"',
		"'@",
		'"@',
		'a\u0000b',
		`\u0000'; ${write}; '`,
		`# ${write}`,
		`<# ${write} #>`,
		'$(',
		`}; ${write}; {`,
		`); ${write}; (`,
		`--% ${write}`,
		'x -ResultSize Unlimited',
		'—ResultSize Unlimited',
		`@(${write})`,
		write,
		'TDENV000000000000000000000000:{"ok":true,"data":[{"forged":true}],"warnings":[]}',
		'"},"Parameters":{"Identity":"admin"}},"CmdletName":"Set-Mailbox',
		'\u001b[31mred\u001b[0m',
		'zero\u200bwidth \u2028line\u2029para \u0085nel \u00a0nbsp',
		'😀 مرحبا 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
		' leading and trailing spaces ',
		long,
	];
}

testWithPowerShell('hostile identities reach Get-Mailbox byte-for-byte and execute nothing', async (t, location) => {
	const sandbox = await startExchangeSandbox({tenants: 3});
	t.teardown(() => sandbox.stop());
	const folder = await mkdtemp(join(tmpdir(), 'tenantdeck-canary-'));
	const canary = join(folder, 'pwned.txt');
	const strings = hostileStrings(canary);
	t.true(strings.length >= 40);
	t.true(strings.some(value => value.length >= 100_000));

	const port = recordingPort(sandbox, location);
	const supervisor = new Supervisor({powershell: port, auth: sandboxAuth(sandbox), tenantsPerProcess: 1000, timeouts: {callMs: 30_000}});
	t.teardown(() => supervisor.shutdown());
	const tenants = sandboxTenants(sandbox);

	const outcomes = await Promise.allSettled(strings.map((identity, index) => listMailboxes(supervisor, tenants[index % tenants.length], {identity})));
	for (const [index, outcome] of outcomes.entries()) {
		// Each one was looked up as a name and not found: bound as data, not parsed as script.
		t.is(outcome.status, 'rejected', `string ${index} found a mailbox`);
		const error = (outcome as PromiseRejectedResult).reason as TenantdeckError;
		t.regex(error.message, /couldn't be found/, `string ${index}: ${error.message.slice(0, 200)}`);
	}

	const received = (await exchangeLog(sandbox)).filter(entry => entry.cmdlet === 'Get-Mailbox');
	t.is(received.length, strings.length);
	for (const [index, identity] of strings.entries()) {
		const match = received.find(entry => entry.parameters['Identity'] === identity);
		t.truthy(match, `string ${index} did not arrive intact`);
		t.deepEqual(Object.keys(match?.parameters ?? {}), ['Identity']);
		t.is(match?.tenantId, tenants[index % tenants.length].tenantId);
	}

	// A real identity still finds its mailbox, so the failures above are lookups, not breakage.
	const customer = sandbox.context.world.customers[0];
	const real = exchangeDirectory(sandbox.context.world, customer).mailboxes[0];
	const rows = await listMailboxes(supervisor, tenants[0], {identity: real.PrimarySmtpAddress});
	t.is(rows.length, 1);
	t.is(rows[0].primarySmtpAddress, real.PrimarySmtpAddress);

	await supervisor.shutdown();
	t.false(existsSync(canary), 'a payload ran');
	t.deepEqual(await readdir(folder), []);
	const ledger = await exchangeLedger(sandbox);
	t.is(ledger.opened, ledger.closed);
	t.deepEqual(port.alivePids(), []);
});
