// What a partner must be able to trust after a breach clean-up, against the sandbox's stand-in module
// and the real PowerShell engine: a Set-Mailbox that fails non-terminatingly (as the real module's do)
// is a failed row and never an audit line saying changed; and a Ctrl+C in the middle of a removal
// leaves an audit line and a run-folder row for every mailbox the service changed.

import test from 'ava';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {bundledCli} from '../helpers/bundle.js';
import {headless, tempEnv} from '../helpers/headless.js';
import {sandboxFolders} from '../../source/adapters/paths.js';
import {exchangeLog, startExchangeSandbox, testWithPowerShell} from '../helpers/powershell.js';
import {exchangeDirectory, type SandboxMailbox} from '../../source/sandbox/exchange-mailboxes.js';
import type {Sandbox} from '../../source/sandbox/server.js';
import type {TenantRecord} from '../../source/sandbox/world.js';

type JsonRow = Record<string, string | boolean | null>;

const root = fileURLToPath(new URL('../..', import.meta.url));
const examples = join(root, 'examples/operations');
let sandbox: Sandbox;
let tenant: TenantRecord;

test.before(async () => {
	sandbox = await startExchangeSandbox({tenants: 6});
	tenant = sandbox.context.world.customers.find(customer => users(customer).length >= 10)!;
});

test.after.always(() => sandbox?.stop());

function users(customer: TenantRecord): SandboxMailbox[] {
	return exchangeDirectory(sandbox.context.world, customer).mailboxes.filter(mailbox => mailbox.RecipientTypeDetails === 'UserMailbox');
}

async function auditLines(env: NodeJS.ProcessEnv): Promise<Array<Record<string, unknown>>> {
	const text = await readFile(join(sandboxFolders(env).state, 'audit.jsonl'), 'utf8').catch(() => '');
	// Change lines only: each run also writes one header line with its parameters.
	return (text.trim() ? text.trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>) : []).filter(line => line['type'] === 'change');
}

async function savedRows(env: NodeJS.ProcessEnv): Promise<Array<Record<string, unknown>>> {
	const runs = join(sandboxFolders(env).state, 'runs');
	const rows: Array<Record<string, unknown>> = [];
	for (const folder of await readdir(runs)) {
		const text = await readFile(join(runs, folder, 'rows.jsonl'), 'utf8').catch(() => '');
		for (const line of text.split('\n').filter(Boolean)) rows.push(JSON.parse(line) as Record<string, unknown>);
	}
	return rows;
}

async function run(env: NodeJS.ProcessEnv, argv: string[]): Promise<{code: number; rows: JsonRow[]; stderr: string}> {
	const result = await headless(['run', '--sandbox-url', sandbox.url, '--format', 'json', '--tenants', tenant.defaultDomain, ...argv], env);
	return {code: result.code, rows: result.stdout ? (JSON.parse(result.stdout) as JsonRow[]) : [], stderr: result.stderr};
}

testWithPowerShell('a Set-Mailbox that writes a non-terminating error is a failed row and no audit line, for built-in and custom writes', async t => {
	const env = await tempEnv();
	const [, , failing, working] = users(tenant) as [SandboxMailbox, SandboxMailbox, SandboxMailbox, SandboxMailbox];
	t.truthy(failing.ForwardingAddress && working.ForwardingAddress, 'the sandbox planted ForwardingAddress forwards');
	const failingBefore = {...failing};
	sandbox.context.knobs.exchangeFailMailboxes = [failing.PrimarySmtpAddress];
	t.teardown(() => (sandbox.context.knobs.exchangeFailMailboxes = []));

	const removal = await run(env, ['--op', 'mailbox-forwarding-remove', '--yes', '--param', `mailboxes=${failing.PrimarySmtpAddress},${working.PrimarySmtpAddress}`]);
	// A mailbox not done fails its tenant (exit 3): the run cannot read as all done.
	t.is(removal.code, 3, removal.stderr);
	const byTarget = new Map(removal.rows.map(row => [row['target'], row]));
	t.regex(String(byTarget.get(failing.PrimarySmtpAddress)?.['result']), /^failed: .*Cannot open mailbox/);
	t.is(byTarget.get(failing.PrimarySmtpAddress)?.['after'], byTarget.get(failing.PrimarySmtpAddress)?.['before'], 'a failed row shows nothing changed');
	t.is(byTarget.get(working.PrimarySmtpAddress)?.['result'], 'changed');
	t.deepEqual({...failing}, failingBefore, 'the failing mailbox still forwards');
	t.deepEqual((await auditLines(env)).map(line => `${line['target']} ${line['outcome']}`), [`${working.PrimarySmtpAddress} changed`]);

	// A custom write gets the same treatment: its Set-Mailbox throws in the script's runspace.
	const visible = users(tenant).filter(mailbox => !mailbox.HiddenFromAddressListsEnabled && mailbox !== failing).slice(0, 1);
	const hide = await run(env, ['--ops-dir', examples, '--op', 'custom:hide-from-address-list', '--yes', '--param', `mailboxes=${[failing, ...visible].map(mailbox => mailbox.PrimarySmtpAddress).join(',')}`]);
	t.is(hide.code, 3, hide.stderr);
	const hidden = new Map(hide.rows.map(row => [row['target'], row['result']]));
	t.regex(String(hidden.get(failing.PrimarySmtpAddress)), /^failed: .*Cannot open mailbox/);
	t.is(hidden.get(visible[0]!.PrimarySmtpAddress), 'changed');
	t.false(failing.HiddenFromAddressListsEnabled);
	const custom = (await auditLines(env)).filter(line => line['operation'] === 'custom:hide-from-address-list');
	t.deepEqual(custom.map(line => `${line['target']} ${line['outcome']}`), [`${visible[0]!.PrimarySmtpAddress} changed`]);
});

testWithPowerShell('a forwarding report that could not read one mailbox\'s inbox rules fails its tenant, keeps every row, and names the mailbox', async t => {
	const env = await tempEnv();
	const failing = users(tenant)[1]!;
	sandbox.context.knobs.exchangeFailMailboxes = [failing.PrimarySmtpAddress];
	t.teardown(() => (sandbox.context.knobs.exchangeFailMailboxes = []));
	const report = await run(env, ['--op', 'mailbox-forwarding-report']);
	// A breach check with a blind spot must not read as done: exit 3, and "r" can retry the tenant.
	t.is(report.code, 3, report.stderr);
	const failed = report.stderr.split('\n').filter(line => line.includes('FAILED'));
	t.is(failed.length, 1, report.stderr);
	t.regex(failed[0]!, new RegExp(`The inbox rules of 1 of \\d+ mailboxes could not be read \\(${failing.PrimarySmtpAddress.replace(/[.]/g, '\\.')}: .*Cannot open mailbox.*\\), so this tenant's report is incomplete`));
	// What it did read is still there: the unreadable mailbox as its own row, the planted forwards too.
	t.deepEqual(report.rows.filter(row => row['source'] === 'error').map(row => row['mailbox']), [failing.PrimarySmtpAddress]);
	t.true(report.rows.some(row => row['source'] === 'mailbox'), 'the forwards it found are kept');
	t.is((await savedRows(env)).filter(row => row['source'] === 'error').length, 1, 'the run folder has the error row');

	sandbox.context.knobs.exchangeFailMailboxes = [];
	const again = await run(env, ['--op', 'mailbox-forwarding-report']);
	t.is(again.code, 0, again.stderr);
	t.false(again.rows.some(row => row['source'] === 'error'));
});

testWithPowerShell('SIGINT in the middle of mailbox-forwarding-remove on 8 mailboxes: every mailbox the service changed has an audit line and a run-folder row', async t => {
	const env = await tempEnv({NODE_OPTIONS: ''});
	const eight = users(tenant).slice(4, 12);
	t.is(eight.length, 8);
	for (const [index, mailbox] of eight.entries()) mailbox.ForwardingSmtpAddress = `smtp:leak${index}@gmail.com`;
	sandbox.context.knobs.exchangeCmdletMs = 700;
	t.teardown(() => (sandbox.context.knobs.exchangeCmdletMs = 0));
	const since = (await exchangeLog(sandbox)).length;
	const setCalls = async () => (await exchangeLog(sandbox, since)).filter(entry => entry.cmdlet === 'Set-Mailbox');

	const argv = [...(await bundledCli(root)), 'run', '--sandbox-url', sandbox.url, '--op', 'mailbox-forwarding-remove', '--yes', '--tenants', tenant.defaultDomain, '--format', 'json', '--param', `mailboxes=${eight.map(mailbox => mailbox.PrimarySmtpAddress).join(',')}`];
	const child = spawn(process.execPath, argv, {cwd: root, env, stdio: ['ignore', 'pipe', 'pipe']});
	t.teardown(() => child.kill('SIGKILL'));
	let stderr = '';
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	child.stdout.resume();
	const exited = once(child, 'exit') as Promise<[number | null]>;
	// Cut it short once three Set-Mailbox calls have reached the service: one is then usually in flight.
	for (let waited = 0; (await setCalls()).length < 3; waited++) {
		if (waited > 1200 || child.exitCode !== null) t.fail(`no third Set-Mailbox: ${stderr.slice(-400)}`);
		if (waited > 1200 || child.exitCode !== null) return;
		await new Promise(resolve => setTimeout(resolve, 50));
	}
	child.kill('SIGINT');
	const [code] = await exited;
	t.is(code, 130, stderr.slice(-600));

	const changed = eight.filter(mailbox => !mailbox.ForwardingSmtpAddress).map(mailbox => mailbox.PrimarySmtpAddress).sort();
	const reached = [...new Set((await setCalls()).map(entry => String(entry.parameters['Identity'])))].sort();
	t.log(`Set-Mailbox reached the service for ${reached.length}, ${changed.length} changed, of 8`);
	t.true(changed.length >= 3 && changed.length < 8, `changed ${changed.length}`);
	const audited = await auditLines(env);
	const auditedTargets = [...new Set(audited.map(line => String(line['target'])))].sort();
	for (const address of changed) t.true(auditedTargets.includes(address), `${address} changed but has no audit line`);
	// Nothing is audited that did not at least reach the service; a change cut short mid-cmdlet says so.
	for (const line of audited) {
		t.true(reached.includes(String(line['target'])), `audited ${String(line['target'])} never reached the service`);
		t.true(line['outcome'] === 'changed' || line['outcome'] === 'interrupted', String(line['outcome']));
		if (line['outcome'] === 'changed') t.true(changed.includes(String(line['target'])));
	}
	const saved = await savedRows(env);
	for (const address of changed) t.true(saved.some(row => row['target'] === address && (row['result'] === 'changed' || row['result'] === 'interrupted')), `${address} is not in the run folder`);
});
