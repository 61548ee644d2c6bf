// The Exchange operations, built-in and custom, through the CLI, the supervisor, real PowerShell (or
// the engine host) and the sandbox's stand-in module: three tenants with mailboxes and one without an
// Exchange role. Writes: dry run changes nothing, the real run changes exactly what was named and
// audits it, the second run finds it unchanged. Serial, one sandbox: PowerShell starts are CPU-bound.

import test from 'ava';
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {headless, tempEnv} from '../helpers/headless.js';
import {sandboxFolders} from '../../source/adapters/paths.js';
import {countingPowerShell, startExchangeSandbox, testWithPowerShell} from '../helpers/powershell.js';
import {exchangeDirectory, type SandboxMailbox} from '../../source/sandbox/exchange-mailboxes.js';
import type {Sandbox} from '../../source/sandbox/server.js';
import type {TenantRecord} from '../../source/sandbox/world.js';

type JsonRow = Record<string, string | boolean | null>;

const examples = join(import.meta.dirname, '../../examples/operations');
let sandbox: Sandbox;
let working: TenantRecord[];
let blocked: TenantRecord;

test.before(async () => {
	sandbox = await startExchangeSandbox();
	const customers = sandbox.context.world.customers;
	// Tenants whose mailboxes forward somewhere, so the forwarding operations have work to do.
	working = customers.filter(tenant => {
		const mailboxes = exchangeDirectory(sandbox.context.world, tenant).mailboxes;
		return mailboxes.some(mailbox => mailbox.ForwardingSmtpAddress && !mailbox.ForwardingAddress) && mailboxes.some(mailbox => mailbox.ForwardingAddress);
	}).slice(0, 3);
	blocked = customers.find(tenant => !working.includes(tenant))!;
	sandbox.context.knobs.forbiddenTenants = [blocked.defaultDomain];
});

test.after.always(() => sandbox?.stop());

const directory = (tenant: TenantRecord) => exchangeDirectory(sandbox.context.world, tenant);
const snapshot = () => JSON.stringify([...working, blocked].map(tenant => directory(tenant).mailboxes));
const tenantList = () => [...working, blocked].map(tenant => tenant.defaultDomain).join(',');

// One Exchange session per run (--max-sessions 1): one PowerShell process serves the four tenants in
// turn, each in a runspace of its own, so a run costs one process start instead of three (the suite
// is CPU-bound). Sessions side by side, and the processes they take, are test/headless/exchange.test.ts's.
async function run(env: NodeJS.ProcessEnv, argv: string[]): Promise<{code: number; rows: JsonRow[]; stderr: string}> {
	const result = await headless(['run', '--sandbox-url', sandbox.url, '--format', 'json', '--max-sessions', '1', ...argv], env);
	return {code: result.code, rows: result.stdout ? (JSON.parse(result.stdout) as JsonRow[]) : [], stderr: result.stderr};
}

/** Three tenants succeed, the one without an Exchange role fails with its domain and a hint. */
function checkOutcome(t: import('ava').ExecutionContext, result: {code: number; stderr: string}, succeeded = 3): void {
	t.is(result.code, 3, result.stderr);
	t.regex(result.stderr, new RegExp(`${succeeded} succeeded, 1 failed`));
	const failure = result.stderr.split('\n').find(line => line.includes('FAILED'));
	t.true(failure?.includes(blocked.defaultDomain), failure);
	t.regex(failure ?? '', /needs the app consented with Exchange\.Manage and one of these GDAP roles: Exchange Administrator/);
}

/** The audit log's change lines, each with its run's parameters (kept once, on the run line). */
async function auditLines(env: NodeJS.ProcessEnv): Promise<Array<Record<string, unknown>>> {
	const text = await readFile(join(sandboxFolders(env).state, 'audit.jsonl'), 'utf8').catch(() => '');
	const entries = text.trim() ? text.trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>) : [];
	const params = new Map(entries.filter(entry => entry['type'] === 'run').map(entry => [entry['run'], entry['params']]));
	return entries.filter(entry => entry['type'] === 'change').map(entry => ({...entry, params: params.get(entry['run'])}));
}

testWithPowerShell('mailboxes-list and mailbox-forwarding-report: rows match the sandbox; the tenant without a role fails', async t => {
	const env = await tempEnv();
	const listed = await run(env, ['--op', 'mailboxes-list', '--tenants', tenantList()]);
	checkOutcome(t, listed);
	const report = await run(env, ['--op', 'mailbox-forwarding-report', '--tenants', tenantList()]);
	checkOutcome(t, report);
	for (const tenant of working) {
		const mailboxes = directory(tenant).mailboxes;
		const mine = (rows: JsonRow[]) => rows.filter(row => row['tenantId'] === tenant.tenantId);
		t.deepEqual(mine(listed.rows).map(row => row['primarySmtpAddress']).sort(), mailboxes.map(mailbox => mailbox.PrimarySmtpAddress).sort());
		// Rule forwarding is checked in detail by the supervisor's sandbox test; here, the mailbox-level
		// forwards: ForwardingAddress resolved to the contact's address, ForwardingSmtpAddress not in effect beside it.
		const contactAddress = (identity: string) => directory(tenant).contacts.find(contact => contact.Identity === identity)!.PrimarySmtpAddress;
		t.deepEqual(
			mine(report.rows).filter(row => row['source'] === 'mailbox').map(row => `${row['mailbox']} ${row['action']} ${row['destination']} ${row['enabled']} ${row['keepsCopy']}`).sort(),
			mailboxes.flatMap(mailbox => [
				...(mailbox.ForwardingAddress ? [`${mailbox.PrimarySmtpAddress} ForwardingAddress ${contactAddress(mailbox.ForwardingAddress)} true ${mailbox.DeliverToMailboxAndForward}`] : []),
				...(mailbox.ForwardingSmtpAddress ? [`${mailbox.PrimarySmtpAddress} ForwardingSmtpAddress ${mailbox.ForwardingSmtpAddress.slice(5)} ${!mailbox.ForwardingAddress} ${mailbox.DeliverToMailboxAndForward}`] : []),
			]).sort(),
		);
		t.true(mine(report.rows).some(row => row['source'] === 'mailbox' && row['action'] === 'ForwardingAddress'), 'ForwardingAddress forwards are reported');
	}
	t.false([...listed.rows, ...report.rows].some(row => row['tenantId'] === blocked.tenantId));
});

testWithPowerShell('custom operations: the example read returns rows, and a hostile parameter reaches the script as data', async t => {
	const env = await tempEnv();
	const forwarded = directory(working[0]!).mailboxes.find(mailbox => mailbox.ForwardingSmtpAddress)!;
	const domain = forwarded.ForwardingSmtpAddress!.split('@')[1]!;
	const found = await run(env, ['--ops-dir', examples, '--op', 'custom:forwarding-to-domain', '--param', `domain=${domain}`, '--tenants', tenantList()]);
	checkOutcome(t, found);
	const expected = working.flatMap(tenant => directory(tenant).mailboxes.filter(mailbox => mailbox.ForwardingSmtpAddress?.toLowerCase().endsWith(`@${domain}`)).map(mailbox => mailbox.PrimarySmtpAddress));
	t.deepEqual(found.rows.map(row => row['mailbox']).sort(), expected.sort());
	t.deepEqual(Object.keys(found.rows[0]!), ['tenantId', 'tenantDomain', 'tenantName', 'mailbox', 'displayName', 'kind', 'forwardsTo'], 'the header\'s columns, in order');

	const dir = await mkdtemp(join(tmpdir(), 'tenantdeck-ops-'));
	await writeFile(join(dir, 'echo.ps1'), [
		'# tenantdeck operation', '# title: Echo', '# description: Gives back what it was given.', '# risk: read', '# cmdlets: Get-Mailbox',
		'# param: value (required) Anything', '#',
		'$a = $Args[0]',
		'[pscustomobject]@{ got = $a.value; type = $a.value.GetType().Name; tenant = $a.tenantDomain; dryRun = $a.dryRun }',
	].join('\n'));
	const hostile = `x'; throw 'injected'; '$(throw "expanded") \`$env:PATH ‘quoted’ "double" @{a=1}`;
	const echoed = await run(env, ['--ops-dir', dir, '--op', 'custom:echo', '--param', `value=${hostile}`, '--tenants', working[0]!.defaultDomain]);
	t.is(echoed.code, 0, echoed.stderr);
	t.deepEqual(echoed.rows.map(({got, type, tenant, dryRun}) => ({got, type, tenant, dryRun})), [{got: hostile, type: 'String', tenant: working[0]!.defaultDomain, dryRun: false}]);
});

/** The before text the removal shows: ForwardingAddress resolved to its address, and which one is in effect. */
function forwardingText(tenant: TenantRecord, mailbox: SandboxMailbox): string {
	const parts: string[] = [];
	const contact = directory(tenant).contacts.find(candidate => candidate.Identity === mailbox.ForwardingAddress);
	const address = mailbox.ForwardingAddress ? (contact?.PrimarySmtpAddress ?? directory(tenant).mailboxes.find(other => other.Identity === mailbox.ForwardingAddress)?.PrimarySmtpAddress) : undefined;
	const smtp = mailbox.ForwardingSmtpAddress?.replace(/^smtp:/i, '');
	if (address) parts.push(`ForwardingAddress ${address}`);
	if (smtp) parts.push(address ? `ForwardingSmtpAddress ${smtp} (not in effect)` : `ForwardingSmtpAddress ${smtp}`);
	if (parts.length > 0) parts.push(mailbox.DeliverToMailboxAndForward ? 'keeps a copy' : 'no copy kept');
	return parts.join('; ');
}

testWithPowerShell('mailbox-forwarding-remove: dry run changes nothing; the real run clears ForwardingAddress and ForwardingSmtpAddress of exactly the named mailboxes, shows and audits before → after; again is unchanged', async (t, location) => {
	const powershell = await countingPowerShell(location);
	const env = await tempEnv({TENANTDECK_PWSH: powershell.path});
	const [first, second] = working as [TenantRecord, TenantRecord];
	const users = (tenant: TenantRecord) => directory(tenant).mailboxes.filter(mailbox => mailbox.RecipientTypeDetails === 'UserMailbox');
	// A plain SMTP forward, a ForwardingAddress to an outside contact, and one with both set (ForwardingAddress wins).
	const smtpOnly = users(first).find(mailbox => mailbox.ForwardingSmtpAddress && !mailbox.ForwardingAddress)!;
	const addressOnly = users(first).find(mailbox => mailbox.ForwardingAddress && !mailbox.ForwardingSmtpAddress)!;
	const both = users(second).find(mailbox => mailbox.ForwardingAddress && mailbox.ForwardingSmtpAddress)!;
	const named = [{tenant: first, mailbox: smtpOnly}, {tenant: first, mailbox: addressOnly}, {tenant: second, mailbox: both}];
	t.truthy(smtpOnly && addressOnly && both, 'the sandbox plants each kind of forward');
	const plain = users(first).find(mailbox => !mailbox.ForwardingSmtpAddress && !mailbox.ForwardingAddress)!;
	const beforeText = new Map(named.map(({tenant, mailbox}) => [mailbox.PrimarySmtpAddress, forwardingText(tenant, mailbox)]));
	t.regex(beforeText.get(both.PrimarySmtpAddress)!, /^ForwardingAddress \S+@\S+; ForwardingSmtpAddress \S+ \(not in effect\); keeps a copy$/);
	// One in the tenant without a role: its tenant runs (the write goes only where its mailboxes are) and fails alone.
	const unreachable = directory(blocked).mailboxes[0]!;
	const argv = ['--op', 'mailbox-forwarding-remove', '--param', `mailboxes=${[...named.map(({mailbox}) => mailbox), plain, unreachable].map(mailbox => mailbox.PrimarySmtpAddress).join(',')}`, '--tenants', tenantList()];
	const before = snapshot();

	const refused = await headless(['run', '--sandbox-url', sandbox.url, ...argv], env);
	t.is(refused.code, 2);
	t.regex(refused.stderr, /^tenantdeck: mailbox-forwarding-remove changes data in 5 mailboxes in 3 tenants; add --yes to confirm\./m);
	t.is(await powershell.starts(), 0, 'a write refused for want of --yes started PowerShell for nothing');

	const dry = await run(env, [...argv, '--dry-run']);
	checkOutcome(t, dry, 2);
	t.deepEqual(dry.rows.map(row => `${row['target']} ${row['before']} ${row['result']}`).sort(), [...named.map(({mailbox}) => `${mailbox.PrimarySmtpAddress} ${beforeText.get(mailbox.PrimarySmtpAddress)} would change`), `${plain.PrimarySmtpAddress}  unchanged`].sort());
	t.is(snapshot(), before, 'a dry run changes nothing');
	t.deepEqual(await auditLines(env), []);

	const real = await run(env, [...argv, '--yes']);
	checkOutcome(t, real, 2);
	t.deepEqual(
		real.rows.filter(row => row['result'] === 'changed').map(row => `${row['target']}: ${row['before']} → ${row['after']}`).sort(),
		named.map(({mailbox}) => `${mailbox.PrimarySmtpAddress}: ${beforeText.get(mailbox.PrimarySmtpAddress)} → `).sort(),
	);
	const was = JSON.parse(before) as Array<Array<Record<string, unknown>>>;
	const now = JSON.parse(snapshot()) as typeof was;
	for (const [index, mailboxes] of now.entries()) {
		for (const [at, mailbox] of mailboxes.entries()) {
			const isNamed = beforeText.has(String(mailbox['PrimarySmtpAddress']));
			t.deepEqual(mailbox, isNamed ? {...was[index]![at]!, ForwardingSmtpAddress: null, ForwardingAddress: null, DeliverToMailboxAndForward: false} : was[index]![at], String(mailbox['PrimarySmtpAddress']));
		}
	}
	const lines = await auditLines(env);
	t.deepEqual(
		lines.map(line => [line['target'], line['before'], line['after'], line['outcome'], line['operation']]).sort(),
		named.map(({mailbox}) => [mailbox.PrimarySmtpAddress, beforeText.get(mailbox.PrimarySmtpAddress)!, '', 'changed', 'mailbox-forwarding-remove']).sort(),
	);

	const again = await run(env, [...argv, '--yes']);
	checkOutcome(t, again, 2);
	t.true(again.rows.every(row => row['result'] === 'unchanged'), JSON.stringify(again.rows));
	t.is((await auditLines(env)).length, named.length);
});

testWithPowerShell('custom write: the example hides exactly the named mailboxes, each in its own tenant, with audit; a script that ignores dryRun cannot change anything', async t => {
	const env = await tempEnv();
	const visible = (tenant: TenantRecord) => directory(tenant).mailboxes.filter(mailbox => !mailbox.HiddenFromAddressListsEnabled);
	const named = [...visible(working[1]!).slice(0, 2), visible(working[2]!)[0]!];
	const ids = new Set(named.map(mailbox => mailbox.PrimarySmtpAddress));
	const argv = ['--ops-dir', examples, '--op', 'custom:hide-from-address-list', '--param', `mailboxes=${[...ids].join(',')}`, '--tenants', tenantList()];
	const before = snapshot();
	// "targets: mailboxes (mailbox)": only the tenants owning a named mailbox run, the others are named as left out.
	const ran = (result: {code: number; stderr: string}) => {
		t.is(result.code, 0, result.stderr);
		t.true(result.stderr.includes(`Left out 2 selected tenants that own none of the named mailboxes: ${working[0]!.defaultDomain}, ${blocked.defaultDomain}\n`), result.stderr);
		t.regex(result.stderr, /2 succeeded, 0 failed/);
	};

	const dry = await run(env, [...argv, '--dry-run']);
	ran(dry);
	t.deepEqual(dry.rows.map(row => `${row['target']} ${row['before']}→${row['after']} ${row['result']}`).sort(), [...ids].map(id => `${id} False→True would change`).sort());
	t.is(snapshot(), before);

	const real = await run(env, [...argv, '--yes']);
	ran(real);
	const was = JSON.parse(before) as Array<Array<Record<string, unknown>>>;
	for (const [index, mailboxes] of (JSON.parse(snapshot()) as typeof was).entries()) {
		for (const [at, mailbox] of mailboxes.entries()) {
			const expected = ids.has(String(mailbox['PrimarySmtpAddress'])) ? {...was[index]![at]!, HiddenFromAddressListsEnabled: true} : was[index]![at];
			t.deepEqual(mailbox, expected, String(mailbox['PrimarySmtpAddress']));
		}
	}
	const lines = await auditLines(env);
	t.deepEqual(lines.map(line => `${line['operation']} ${line['target']} ${line['before']}→${line['after']} ${line['outcome']}`).sort(), [...ids].map(id => `custom:hide-from-address-list ${id} False→True changed`).sort());
	t.deepEqual(lines[0]!['params'], {mailboxes: [...ids], hidden: 'yes'});

	const again = await run(env, [...argv, '--yes']);
	ran(again);
	t.true(again.rows.every(row => row['result'] === 'unchanged'));
	t.is((await auditLines(env)).length, ids.size);

	// The dry run's connection loads only Get- cmdlets, so a careless script fails instead of writing.
	const dir = await mkdtemp(join(tmpdir(), 'tenantdeck-ops-'));
	await writeFile(join(dir, 'careless.ps1'), [
		'# tenantdeck operation', '# title: Careless', '# description: Forgets to check dryRun.', '# risk: write', '# cmdlets: Get-Mailbox, Set-Mailbox',
		'# param: mailbox (required) One mailbox', '#',
		'Set-Mailbox -Identity $Args[0].mailbox -HiddenFromAddressListsEnabled $true',
		'[pscustomobject]@{ target = $Args[0].mailbox; result = "changed" }',
	].join('\n'));
	const target = visible(working[0]!)[0]!;
	const unchanged = snapshot();
	const careless = await run(env, ['--ops-dir', dir, '--op', 'custom:careless', '--param', `mailbox=${target.PrimarySmtpAddress}`, '--tenants', working[0]!.defaultDomain, '--dry-run']);
	t.is(careless.code, 3);
	t.regex(careless.stderr, /FAILED .*Set-Mailbox.*not (loaded|recognized)/);
	t.is(snapshot(), unchanged);
	t.false(target.HiddenFromAddressListsEnabled);
});
