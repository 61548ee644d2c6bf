// The Graph write end to end through the CLI and the sandbox: refused without --yes, a dry run that
// changes nothing, a real run that changes exactly the named users and audits each change, and a
// replay of its saved runbook that finds everything already so. One sandbox, state compared directly.

import test from 'ava';
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {headless, tempEnv} from '../helpers/headless.js';
import {sandboxFolders} from '../../source/adapters/paths.js';
import {startSandbox} from '../../source/sandbox/server.js';
import type {SandboxUser} from '../../source/sandbox/tenant-users.js';

const hasFlag = (user: SandboxUser) => (user.passwordPolicies ?? '').includes('DisablePasswordExpiration');

test('password-never-expires-set: refusal, dry run, real run, audit, and a runbook replay that changes nothing', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	const world = sandbox.context.world;
	const [first, second, blocked] = [world.customers[1]!, world.customers[2]!, world.customers[7]!];
	sandbox.context.knobs.forbiddenTenants = [blocked.tenantId];
	const usersOf = (tenant: typeof first) => world.detail(tenant).users;
	// Members only: guests' sign-in names are on other tenants' domains.
	const candidates = (tenant: typeof first) => usersOf(tenant).filter(user => !hasFlag(user) && user.userType === 'Member' && user.userPrincipalName.endsWith(`@${tenant.defaultDomain}`));
	const named = [...candidates(first).slice(0, 2), ...candidates(second).slice(0, 1)];
	t.is(named.length, 3);
	// The sandbox's records are live objects: keep what the policies were before any run.
	const original = new Map(named.map(user => [user.id, user.passwordPolicies ?? 'None']));
	const already = usersOf(first).find(hasFlag) ?? usersOf(second).find(hasFlag);
	t.truthy(already, 'the seeded world has a user whose password already never expires');
	// A user in the tenant the partner may not reach: matched by domain, so its tenant runs and fails alone.
	const unreachable = candidates(blocked)[0]!;
	const upns = [...named, ...(already ? [already] : []), unreachable].map(user => user.userPrincipalName);
	const snapshot = () => JSON.stringify(world.customers.map(tenant => usersOf(tenant)));

	const env = await tempEnv();
	const runbook = join(env['HOME']!, 'never-expires.runbook.json');
	// Practice against a sandbox keeps its audit log in the sandbox's own state folder.
	const audit = join(sandboxFolders(env).state, 'audit.jsonl');
	const base = ['run', '--sandbox-url', sandbox.url, '--op', 'password-never-expires-set', '--param', `users=${upns.join(',')}`, '--format', 'json'];
	const tenants = ['--tenants', [first.defaultDomain, second.defaultDomain, blocked.defaultDomain].join(',')];
	const before = snapshot();

	const refused = await headless([...base, ...tenants], env);
	t.is(refused.code, 2);
	t.regex(refused.stderr, /^tenantdeck: password-never-expires-set changes data in 5 users in 3 tenants; add --yes to confirm\. Run it with --dry-run first/m);
	t.is(refused.stdout, '');

	const dry = await headless([...base, ...tenants, '--dry-run'], env);
	t.is(dry.code, 3, dry.stderr);
	t.regex(dry.stderr, /^Dry run of password-never-expires-set on 3 tenants/m);
	t.true(dry.stderr.split('\n').some(line => line.includes('FAILED') && line.includes(blocked.defaultDomain)));
	const planned = JSON.parse(dry.stdout) as Array<Record<string, string>>;
	t.deepEqual(planned.filter(row => row['result'] === 'would change').map(row => row['target']).sort(), named.map(user => user.userPrincipalName.toLowerCase()).sort());
	for (const row of planned.filter(row => row['result'] === 'would change')) {
		t.false(row['before']!.includes('DisablePasswordExpiration'));
		t.true(row['after']!.includes('DisablePasswordExpiration'));
	}
	if (already) t.is(planned.find(row => row['target'] === already.userPrincipalName)?.['result'], 'unchanged');
	t.is(snapshot(), before, 'a dry run changes nothing in the sandbox');
	await t.throwsAsync(readFile(audit, 'utf8'), {code: 'ENOENT'}, 'a dry run writes no audit line');

	const real = await headless([...base, ...tenants, '--yes', '--save-runbook', runbook], env);
	t.is(real.code, 3, real.stderr);
	const done = JSON.parse(real.stdout) as Array<Record<string, string>>;
	t.deepEqual(done.filter(row => row['result'] === 'changed').map(row => row['target']).sort(), named.map(user => user.userPrincipalName.toLowerCase()).sort());
	// Exactly the named users changed, and only their passwordPolicies.
	const was = JSON.parse(before) as SandboxUser[][];
	world.customers.forEach((tenant, index) => {
		usersOf(tenant).forEach((user, at) => {
			const old = was[index]![at]!;
			if (named.some(target => target.id === user.id)) {
				t.true(hasFlag(user), user.userPrincipalName);
				t.deepEqual({...user, passwordPolicies: old.passwordPolicies}, old);
			} else t.deepEqual(user, old, `${user.userPrincipalName} is untouched`);
		});
	});
	const entries = (await readFile(audit, 'utf8')).trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
	const [header, ...lines] = entries;
	t.like(header, {type: 'run', operator: 'admin@northwindpartners.onmicrosoft.com', operation: 'password-never-expires-set'});
	t.deepEqual((header!['params'] as {users: string[]}).users, upns.map(upn => upn.toLowerCase()), 'the parameters are recorded once, on the run line');
	t.is(lines.length, named.length, 'one audit line per change');
	for (const user of named) {
		const line = lines.find(entry => entry['target'] === user.userPrincipalName.toLowerCase());
		t.truthy(line, user.userPrincipalName);
		t.like(line, {operator: 'admin@northwindpartners.onmicrosoft.com', operation: 'password-never-expires-set', property: 'passwordPolicies', before: original.get(user.id), outcome: 'changed'});
		t.true(String(line!['after']).includes('DisablePasswordExpiration'));
		t.is(line!['tenantId'], usersOf(first).includes(user) ? first.tenantId : second.tenantId);
		t.is(line!['run'], header!['run']);
		t.false('params' in line!);
		t.false(Number.isNaN(Date.parse(String(line!['time']))));
	}

	const saved = JSON.parse(await readFile(runbook, 'utf8')) as Record<string, unknown>;
	t.deepEqual(saved, {runbook: 1, operation: 'password-never-expires-set', tenants: [first.defaultDomain, second.defaultDomain, blocked.defaultDomain], params: {users: upns.join(',')}});
	const after = snapshot();
	const replay = await headless(['run', '--sandbox-url', sandbox.url, '--runbook', runbook, '--yes', '--format', 'json'], env);
	t.is(replay.code, 3, replay.stderr);
	t.regex(replay.stderr, /^Running password-never-expires-set on 3 tenants/m);
	const again = JSON.parse(replay.stdout) as Array<Record<string, string>>;
	t.is(again.length, upns.length - 1, 'the unreachable tenant has no rows');
	t.true(again.every(row => row['result'] === 'unchanged'), 'the second run finds every user already so');
	t.is(snapshot(), after);
	t.is((await readFile(audit, 'utf8')).trim().split('\n').length, named.length + 1, 'nothing unchanged is audited (the replay wrote no run line either)');
});
