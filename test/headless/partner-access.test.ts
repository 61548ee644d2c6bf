// A real partner's first run, end to end through real MSAL and the real HTTP adapters against a
// sandbox that refuses what Microsoft refuses: unconsented customers, GDAP relationships without
// the role an operation needs, consent through Partner Center, the preflight, a revoked sign-in.
import test from 'ava';
import {startSandbox, type Sandbox} from '../../source/sandbox/server.js';
import {headless, revokeAfterTokens, tempEnv} from '../helpers/headless.js';

type WorldTenant = {tenantId: string; domain: string; gdap: boolean; contract: unknown};

async function world(sandbox: Sandbox): Promise<WorldTenant[]> {
	return ((await (await fetch(`${sandbox.url}/_sandbox/world`)).json()) as {customers: WorldTenant[]}).customers;
}

function failedDomains(stderr: string): string[] {
	return stderr.split('\n').filter(line => line.includes('FAILED')).map(line => / FAILED (\S+?):/.exec(line)?.[1] ?? line).sort();
}

test('unconsented customers fail with "not consented"; consent grants them through Partner Center; the same run then succeeds', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 8, unconsentedTenants: ['3']});
	t.teardown(() => sandbox.stop());
	const customers = await world(sandbox);
	const unconsented = customers.slice(0, 3).map(customer => customer.domain).sort();
	const env = await tempEnv();
	const url = ['--sandbox-url', sandbox.url];

	const first = await headless(['run', ...url, '--op', 'users-list', '--tenants', 'all', '--format', 'json'], env);
	t.is(first.code, 3, first.stderr);
	t.deepEqual(failedDomains(first.stderr), unconsented);
	for (const line of first.stderr.split('\n').filter(line => line.includes('FAILED'))) {
		t.regex(line, /The app is not consented in this customer \(AADSTS65001\)\. To grant it, run "tenantdeck consent --tenants [0-9a-f-]{36}"/);
	}

	const dry = await headless(['consent', ...url, '--dry-run'], env);
	t.is(dry.code, 0, dry.stderr);
	t.regex(dry.stderr, /Microsoft Graph: .*AuditLog\.Read\.All.*; Exchange Online: Exchange\.Manage/);
	t.is((dry.stdout.match(/would grant/g) ?? []).length, 3, 'only the unconsented ones would be granted');
	t.is((dry.stdout.match(/already granted/g) ?? []).length, 5, 'a dry run reads what the others already hold');
	const stillRefused = await headless(['run', ...url, '--op', 'users-list', '--tenants', unconsented[0]!, '--format', 'json'], env);
	t.is(stillRefused.code, 3, 'a dry run grants nothing');

	const refused = await headless(['consent', ...url], env);
	t.is(refused.code, 2);
	t.regex(refused.stderr, /add --yes to confirm/);

	const granted = await headless(['consent', ...url, '--yes'], env);
	t.is(granted.code, 0, granted.stderr);
	const lines = granted.stdout.split('\n');
	for (const domain of unconsented) t.regex(lines.find(line => line.startsWith(domain)) ?? '', /\bgranted\b/);
	t.is(lines.filter(line => /already granted/.test(line)).length, 5, 'the consented ones answer 409, counted as done');

	const again = await headless(['consent', ...url, '--yes', '--tenants', unconsented[0]!], env);
	t.is(again.code, 0, 'granting twice is fine');
	t.regex(again.stdout, /already granted/);

	const second = await headless(['run', ...url, '--op', 'users-list', '--tenants', 'all', '--format', 'json'], env);
	t.is(second.code, 0, second.stderr);
	t.is(new Set((JSON.parse(second.stdout) as Array<{tenantId: string}>).map(row => row.tenantId)).size, 8);
});

test('doctor --op mfa-registration names every tenant that will fail and why; the run then fails exactly there', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 10, unconsentedTenants: ['2']});
	t.teardown(() => sandbox.stop());
	const customers = await world(sandbox);
	const limited = customers.filter(customer => customer.gdap).slice(4, 6).map(customer => customer.domain);
	await fetch(`${sandbox.url}/_sandbox/knobs`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({limitedRoleTenants: limited})});
	const unconsented = customers.slice(0, 2).map(customer => customer.domain);
	const env = await tempEnv();
	const url = ['--sandbox-url', sandbox.url];

	const doctor = await headless(['doctor', ...url, '--op', 'mfa-registration', '--tenants', 'all'], env);
	t.is(doctor.code, 3, doctor.stderr);
	const notReady = doctor.stdout.split('\n').filter(line => line.includes('NOT READY'));
	t.deepEqual(notReady.map(line => line.split(/\s+/)[0]).sort(), [...unconsented, ...limited].sort());
	for (const domain of unconsented) t.regex(notReady.find(line => line.startsWith(domain))!, /not consented .* run "tenantdeck consent --tenants /);
	for (const domain of limited) t.regex(notReady.find(line => line.startsWith(domain))!, /holds Directory Readers; mfa-registration needs Reports Reader or Security Reader/);
	t.regex(doctor.stderr, /4 of 10 tenants are not ready/);

	const run = await headless(['run', ...url, '--op', 'mfa-registration', '--tenants', 'all', '--format', 'json'], env);
	t.is(run.code, 3);
	t.deepEqual(failedDomains(run.stderr), [...unconsented, ...limited].sort());
	const limitedLine = run.stderr.split('\n').find(line => line.includes(`FAILED ${limited[0]}`))!;
	t.regex(limitedLine, /mfa-registration needs the app consented with AuditLog\.Read\.All and one of these GDAP roles: Reports Reader/);

	// The same relationship is enough for what Directory Readers may do.
	const users = await headless(['doctor', ...url, '--op', 'users-list', '--tenants', limited.join(',')], env);
	t.is(users.code, 0, users.stdout);
});

test('a consent missing a scope shows in doctor; Graph answers 403 Authorization_RequestDenied, and GDAP-only customers keep their id without CrossTenantInformation', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 10, missingScopes: ['AuditLog.Read.All', 'CrossTenantInformation.ReadBasic.All']});
	t.teardown(() => sandbox.stop());
	const customers = await world(sandbox);
	const gdapOnly = customers.find(customer => customer.gdap && !customer.contract)!;
	const env = await tempEnv();
	const url = ['--sandbox-url', sandbox.url];

	const tenants = await headless(['tenants', ...url, '--format', 'json'], env);
	t.is(tenants.code, 0, tenants.stderr);
	const listed = (JSON.parse(tenants.stdout) as Array<{tenantId: string; tenantDomain: string}>).find(tenant => tenant.tenantId === gdapOnly.tenantId)!;
	t.is(listed.tenantDomain, gdapOnly.tenantId, 'without the scope the domain stays unknown');
	t.regex(tenants.stderr, /CrossTenantInformation\.ReadBasic\.All/);

	const doctor = await headless(['doctor', ...url, '--op', 'mfa-registration', '--tenants', customers[0]!.domain], env);
	t.is(doctor.code, 3);
	t.regex(doctor.stdout, /lacks AuditLog\.Read\.All/);
	const run = await headless(['run', ...url, '--op', 'mfa-registration', '--tenants', customers[0]!.domain], env);
	t.is(run.code, 3);
	t.regex(run.stderr, /No permission in this tenant: Insufficient privileges to complete the operation\..*AuditLog\.Read\.All/);
});

test('a revoked sign-in stops the run from starting further tenants, says so, and exits 4', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 40, latencyMs: 30});
	t.teardown(() => sandbox.stop());
	const env = await tempEnv();
	const url = ['--sandbox-url', sandbox.url];
	t.is((await headless(['tenants', ...url], env)).code, 0);
	// Revoke once the run has started: the first tokens were issued, the rest need the refresh token.
	const revoke = revokeAfterTokens(sandbox, 3);
	const run = await headless(['run', ...url, '--op', 'users-list', '--tenants', 'all', '--concurrency', '2', '--format', 'json'], env);
	await revoke;
	t.is(run.code, 4, run.stderr);
	t.regex(run.stderr, /Your sign-in was revoked .*\(AADSTS50173\)\. \d+ tenants were not started\. Your sign-in was revoked — run "tenantdeck login"\./);
	const failed = run.stderr.split('\n').filter(line => line.includes('FAILED')).length;
	t.true(failed <= 4, `only the tenants in flight fail (${failed})`);
	const next = await headless(['run', ...url, '--op', 'users-list', '--tenants', 'all', '--concurrency', '2'], env);
	t.is(next.code, 4, 'the next run stops at once too');
});
