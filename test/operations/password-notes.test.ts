// The password operations tell the truth about what will apply: a domain with no validity period
// set gets Microsoft's 90 days, and a user synced from on-premises is named, not "changed" — Entra
// Connect would put "password never expires" back at the next sync.
import test from 'ava';
import {startSandbox} from '../../source/sandbox/server.js';
import {headless, tempEnv} from '../helpers/headless.js';

test('unset validity shows as 90 days, synced users are named and left alone by the write', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 24});
	t.teardown(() => sandbox.stop());
	const world = sandbox.context.world;
	const unset = world.customers.find(tenant => world.detail(tenant).domains.every(domain => domain.passwordValidityPeriodInDays === null));
	const hybrid = world.customers.find(tenant => world.detail(tenant).users.some(user => user.onPremisesSyncEnabled && (user.passwordPolicies ?? '').includes('DisablePasswordExpiration')));
	t.truthy(unset, 'the seeded world has a tenant that never set a validity period');
	t.truthy(hybrid, 'the seeded world has a hybrid tenant');
	const env = await tempEnv();
	const url = ['--sandbox-url', sandbox.url];

	const domains = await headless(['run', ...url, '--op', 'domains', '--tenants', unset!.defaultDomain, '--format', 'json'], env);
	t.is(domains.code, 0, domains.stderr);
	for (const row of JSON.parse(domains.stdout) as Array<Record<string, unknown>>) {
		t.is(row['passwordValidityDays'], 90);
		t.is(row['note'], 'not set: Microsoft applies 90 days');
	}

	const synced = world.detail(hybrid!).users.find(user => user.onPremisesSyncEnabled && (user.passwordPolicies ?? '').includes('DisablePasswordExpiration'))!;
	const policy = await headless(['run', ...url, '--op', 'password-policy', '--tenants', hybrid!.defaultDomain, '--format', 'json'], env);
	const row = (JSON.parse(policy.stdout) as Array<Record<string, unknown>>).find(line => line['name'] === synced.userPrincipalName)!;
	t.regex(String(row['note']), /synced from on-premises: Entra Connect re-stamps "password never expires" at every sync/);

	const before = synced.passwordPolicies;
	const write = await headless(['run', ...url, '--op', 'password-never-expires-set', '--tenants', hybrid!.defaultDomain, '--param', `users=${synced.userPrincipalName}`, '--param', 'neverExpires=off', '--yes', '--format', 'json'], env);
	t.is(write.code, 0, write.stderr);
	const [change] = JSON.parse(write.stdout) as Array<Record<string, unknown>>;
	t.is(change!['result'], 'synced from on-premises');
	t.is(synced.passwordPolicies, before, 'a change that would not last is not made');
});
