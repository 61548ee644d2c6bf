// Writes that cannot mislead, headless against the sandbox through the real CLI path: names no
// selected tenant owns (or misspelt) stop the run before anything changes (exit 2, each named with
// its nearest match); --drop-unmatched runs the rest and says what it dropped; the audit log's path
// is the last line; a target missing at run time is a failed tenant (exit 3), never a quiet "done".

import test from 'ava';
import {access, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {headless, tempEnv} from '../helpers/headless.js';
import {sandboxFolders} from '../../source/adapters/paths.js';
import {startSandbox} from '../../source/sandbox/server.js';
import {startExchangeSandbox, testWithPowerShell} from '../helpers/powershell.js';

const dental = ['cliftondental.com', 'orcharddental.com', 'ventnordental.onmicrosoft.com'];

async function dentalSandbox(t: import('ava').ExecutionContext) {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	const world = sandbox.context.world;
	const users = (domain: string) => world.detail(world.find(domain)!).users;
	const snapshot = () => JSON.stringify(world.customers.map(tenant => world.detail(tenant).users));
	return {sandbox, users, snapshot};
}

test('oscar (tenant not selected) and alice (misspelt) stop the write before anything runs; --drop-unmatched runs the rest', async t => {
	const {sandbox, users, snapshot} = await dentalSandbox(t);
	const orchard = users('orcharddental.com').find(user => user.userType === 'Member' && user.userPrincipalName.endsWith('@orcharddental.com') && !(user.passwordPolicies ?? '').includes('DisablePasswordExpiration'))!;
	const ventnor = users('ventnordental.onmicrosoft.com').find(user => user.userPrincipalName === 'alice.white@ventnordental.onmicrosoft.com')!;
	t.truthy(orchard);
	t.true((ventnor.passwordPolicies ?? '').includes('DisablePasswordExpiration'));
	const named = ['oscar.roberts@heronmotors.co.nz', 'alice.brwn@cliftondental.com', orchard.userPrincipalName, ventnor.userPrincipalName];
	const env = await tempEnv();
	const base = ['run', '--sandbox-url', sandbox.url, '--op', 'password-never-expires-set', '--tenants', dental.join(','), '--param', `users=${named.join(',')}`, '--param', 'neverExpires=off', '--format', 'json'];
	const before = snapshot();

	for (const mode of [['--yes'], ['--dry-run']]) {
		const refused = await headless([...base, ...mode], env);
		t.is(refused.code, 2, refused.stderr);
		t.is(refused.stdout, '');
		t.regex(refused.stderr, /2 users cannot be matched to the selected tenants, so nothing was run/);
		t.regex(refused.stderr, /oscar\.roberts@heronmotors\.co\.nz: its domain belongs to Heron Motors Ltd \(heronmotors\.co\.nz\), which is not selected/);
		t.regex(refused.stderr, /alice\.brwn@cliftondental\.com: no such user in Clifton Dental Ltd \(cliftondental\.com\) — did you mean alice\.brown@cliftondental\.com\?/);
		// The hint starts its own line under the list, not after a stray space.
		t.regex(refused.stderr, /\?\nFix the names .*--drop-unmatched/);
		t.notRegex(refused.stderr, /^Running|^Dry run of/m);
	}
	t.is(snapshot(), before, 'nothing changed');

	const dropped = await headless([...base, '--yes', '--drop-unmatched'], env);
	t.is(dropped.code, 0, dropped.stderr);
	t.regex(dropped.stderr, /^Dropped 2 users \(--drop-unmatched\); they are not changed:/m);
	t.regex(dropped.stderr, /^Left out 1 selected tenant that owns none of the named users: cliftondental\.com$/m);
	t.regex(dropped.stderr, /^Running password-never-expires-set on 2 tenants/m);
	const rows = JSON.parse(dropped.stdout) as Array<Record<string, string>>;
	t.deepEqual(rows.map(row => [row['target'], row['result']]).sort(), [[orchard.userPrincipalName, 'unchanged'], [ventnor.userPrincipalName, 'changed']].sort());
	t.is(ventnor.passwordPolicies, 'None');
	const audit = join(sandboxFolders(env).state, 'audit.jsonl');
	t.regex(dropped.stderr, new RegExp(`^Changes recorded in ${audit.replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(1 change\\)$`, 'm'));
	await access(audit);
	t.true((await readFile(audit, 'utf8')).includes(ventnor.userPrincipalName));
});

test('the confirmation count is the tenants that change: a write refused without --yes says so', async t => {
	const {sandbox, users} = await dentalSandbox(t);
	const ventnor = users('ventnordental.onmicrosoft.com')[0]!;
	const refused = await headless(['run', '--sandbox-url', sandbox.url, '--op', 'password-never-expires-set', '--tenants', dental.join(','), '--param', `users=${ventnor.userPrincipalName}`], await tempEnv());
	t.is(refused.code, 2);
	t.regex(refused.stderr, /password-never-expires-set changes data in 1 user in 1 tenant; add --yes to confirm/);
});

test('a user deleted after a dry run is refused by name at the real run: nothing runs on a stale name', async t => {
	const {sandbox, users} = await dentalSandbox(t);
	const env = await tempEnv();
	const [gone, kept] = users('cliftondental.com').filter(user => user.userType === 'Member' && user.userPrincipalName.endsWith('@cliftondental.com'));
	const base = ['run', '--sandbox-url', sandbox.url, '--op', 'password-never-expires-set', '--tenants', 'cliftondental.com', '--param', `users=${gone!.userPrincipalName},${kept!.userPrincipalName}`, '--format', 'json'];
	const dry = await headless([...base, '--dry-run'], env);
	t.is(dry.code, 0, dry.stderr);
	const deleted = await fetch(`${sandbox.url}/_sandbox/delete-user`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({tenant: 'cliftondental.com', user: gone!.userPrincipalName})});
	t.is(deleted.status, 200);
	const refused = await headless([...base, '--yes'], env);
	t.is(refused.code, 2);
	t.true(refused.stderr.includes(`${gone!.userPrincipalName}: no such user in Clifton Dental Ltd`), refused.stderr);
});

testWithPowerShell('a mailbox missing at run time is a failed row and a failed tenant: exit 3, the other mailbox still done', async t => {
	const sandbox = await startExchangeSandbox();
	t.teardown(() => sandbox.stop());
	const [tenant] = sandbox.context.world.customers;
	// Mailboxes are matched by domain before the run; whether one exists only Exchange can say.
	const missing = `no.such.mailbox@${tenant!.defaultDomain}`;
	const real = sandbox.context.world.detail(tenant!).users.find(user => user.userType === 'Member' && user.userPrincipalName.endsWith(`@${tenant!.defaultDomain}`))!;
	const result = await headless(['run', '--sandbox-url', sandbox.url, '--op', 'mailbox-forwarding-remove', '--tenants', tenant!.defaultDomain, '--param', `mailboxes=${missing},${real.userPrincipalName}`, '--format', 'json', '--yes'], await tempEnv());
	t.is(result.code, 3, result.stderr);
	const rows = JSON.parse(result.stdout) as Array<Record<string, string>>;
	t.is(rows.find(row => row['target'] === missing)?.['result'], 'not found');
	t.true(rows.some(row => row['target']!.toLowerCase() === real.userPrincipalName.toLowerCase()), 'the other mailbox still has its row');
	t.true(result.stderr.split('\n').some(line => line.includes('FAILED') && line.includes(missing)), result.stderr);
	t.regex(result.stderr, /^(Changes recorded in|Nothing was changed, so nothing was added to the audit log) /m);
});
