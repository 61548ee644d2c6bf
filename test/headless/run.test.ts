import test from 'ava';
import {sandboxFolders} from '../../source/adapters/paths.js';
import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {startSandbox} from '../../source/sandbox/server.js';
import {headless, parseCsv, tempEnv} from '../helpers/headless.js';

test('run --sandbox --op users-list --tenants all --format csv prints rows for all 24 tenants', async t => {
	const env = await tempEnv();
	const result = await headless(['run', '--sandbox', '--op', 'users-list', '--tenants', 'all', '--format', 'csv'], env);
	t.is(result.code, 0, result.stderr);
	const [header, ...rows] = parseCsv(result.stdout);
	t.deepEqual(header!.slice(0, 3), ['tenantId', 'tenantDomain', 'tenantName']);
	t.is(new Set(rows.map(row => row[0])).size, 24);
	// Each tenant lists its own users: every UPN is on a domain of that tenant's customer, not the partner's.
	t.false(rows.some(row => row[4]!.endsWith('@northwindpartners.onmicrosoft.com')), 'rows come from customer tenants, not the partner');
	t.regex(result.stderr, /24 succeeded, 0 failed/);
	t.false(result.stdout.includes('succeeded'), 'progress stays on stderr');
});

test('a tenant without a GDAP role fails with a hint; the others succeed; the exit code says partial', async t => {
	const sandbox = await startSandbox();
	t.teardown(() => sandbox.stop());
	const world = await (await fetch(`${sandbox.url}/_sandbox/world`)).json() as {customers: Array<{domain: string}>};
	const blocked = world.customers[3]!.domain;
	const env = await tempEnv({TENANTDECK_SANDBOX_FORBIDDEN_TENANTS: blocked});
	const result = await headless(['run', '--sandbox', '--op', 'tenant-info', '--tenants', 'all', '--format', 'json'], env);
	t.is(result.code, 3);
	const rows = JSON.parse(result.stdout) as Array<{tenantDomain: string}>;
	t.is(rows.length, 23);
	t.false(rows.some(row => row.tenantDomain === blocked));
	const failure = result.stderr.split('\n').find(line => line.includes('FAILED'));
	t.truthy(failure);
	t.true(failure!.includes(blocked));
	t.regex(failure!, /tenant-info needs the app consented with Organization\.Read\.All and one of these GDAP roles: .*"tenantdeck doctor --op tenant-info"/);
	t.regex(result.stderr, /23 succeeded, 1 failed/);
});

test('with throttling on, the run still completes and the retries are visible', async t => {
	// 15 %, not 30 %: a request gives up after 7 attempts, and at 30 % one of the run's ~29 Graph requests
	// drew seven 429s about once in 150 runs (0.3^7 × 29); at 15 % about once in 20,000. The sandbox's
	// seeded draws put a 429 within the first 17 requests, so retries always show.
	const env = await tempEnv({TENANTDECK_SANDBOX_RATE429: '0.15', TENANTDECK_SANDBOX_RETRY_AFTER_SEC: '0'});
	const result = await headless(['run', '--sandbox', '--op', 'tenant-info', '--tenants', 'all', '--format', 'json'], env);
	t.is(result.code, 0, result.stderr);
	t.is((JSON.parse(result.stdout) as unknown[]).length, 24);
	t.regex(result.stderr, /retry .*HTTP 429, attempt 1/);
});

test('mistakes get one clear line and the usage exit code', async t => {
	const env = await tempEnv();
	const cases: Array<[string[], RegExp]> = [
		// Each pattern is anchored at a line start: progress or sign-in lines may come before it.
		[['run', '--sandbox', '--op', 'users-list', '--tenants', 'contoso-nowhere.com'], /^tenantdeck: No customer tenant matches "contoso-nowhere.com"\. /],
		[['run', '--sandbox', '--op', 'users-lst', '--tenants', 'all'], /^tenantdeck: Unknown operation "users-lst"\. Did you mean users-list/],
		[['run', '--sandbox', '--op', 'users-list', '--tenants', 'all', '--verbose'], /^tenantdeck: run: unknown flag --verbose\. See "tenantdeck run --help"/],
		[['run', '--sandbox', '--op', 'users-list', '--tenants', 'all', '--param', 'oops'], /^tenantdeck: Malformed --param "oops"\. Write it as --param name=value\./],
		[['run', '--sandbox', '--op', 'users-list', '--tenants', 'all', '--param', 'nope=1'], /^tenantdeck: Operation users-list has no parameter "nope"\. It accepts: startsWith\./],
		// The form's words, not zod's ("Invalid input: expected string, received undefined").
		[['run', '--sandbox', '--op', 'password-never-expires-set', '--tenants', 'all', '--dry-run'], /^tenantdeck: Parameter "users": Type at least one user, separated by commas, e\.g\. anne@contoso\.com\. See "tenantdeck ops password-never-expires-set"/],
		[['run', '--sandbox', '--op', 'password-never-expires-set', '--tenants', 'all', '--dry-run', '--param', 'users=anne@contoso.com,bob'], /^tenantdeck: Parameter "users": “bob” is not a user principal name like anne@contoso\.com\./],
		[['run', '--sandbox', '--op', 'users-list', '--tenants', 'all', '--format', 'xml'], /^tenantdeck: run: unknown --format "xml"/],
		[['run', '--sandbox', '--tenants', 'all'], /^tenantdeck: run: --op is required\./],
	];
	for (const [argv, expected] of cases) {
		const result = await headless(argv, env);
		t.is(result.code, 2, argv.join(' '));
		t.regex(result.stderr, new RegExp(expected.source, 'm'), argv.join(' '));
		t.is(result.stderr.trim().split('\n').filter(line => line.startsWith('tenantdeck:')).length, 1);
		t.is(result.stdout, '');
	}
});

test('the unknown-tenant error suggests the nearest customers', async t => {
	const env = await tempEnv();
	const sandbox = await startSandbox();
	const world = await (await fetch(`${sandbox.url}/_sandbox/world`)).json() as {customers: Array<{domain: string}>};
	await sandbox.stop();
	const real = world.customers[0]!.domain;
	const typo = real.replace(/^(.)(.)/, '$2$1');
	const result = await headless(['run', '--sandbox', '--op', 'users-list', '--tenants', typo], env);
	t.is(result.code, 2);
	t.true(result.stderr.includes(`Did you mean: ${real}`), result.stderr);
});

test('rows are saved in a run folder as they arrive', async t => {
	const env = await tempEnv();
	const result = await headless(['run', '--sandbox', '--op', 'domains', '--tenants', 'all', '--format', 'json', '--quiet'], env);
	t.is(result.code, 0);
	t.is(result.stderr, '');
	const runs = join(sandboxFolders(env).state, 'runs');
	const [folder] = await readdir(runs);
	const saved = (await readFile(join(runs, folder!, 'rows.jsonl'), 'utf8')).trim().split('\n').map(line => JSON.parse(line));
	t.is(saved.length, (JSON.parse(result.stdout) as unknown[]).length);
	const outcomes = (await readFile(join(runs, folder!, 'outcomes.jsonl'), 'utf8')).trim().split('\n');
	t.is(outcomes.length, 24);
});

test('without --format, an --output file\'s extension chooses the format; any other name gets the table', async t => {
	const env = await tempEnv();
	const folder = env['HOME']!;
	const run = (output: string, ...extra: string[]) => headless(['run', '--sandbox', '--op', 'tenant-info', '--tenants', 'all', '--quiet', '--output', join(folder, output), ...extra], env);
	for (const [name, starts] of [['report.html', /^<!doctype html>/i], ['tenants.csv', /^tenantId,tenantDomain,tenantName,/], ['tenants.json', /^\[\n\{"tenantId"/], ['tenants.ndjson', /^\{"tenantId"/], ['tenants.txt', /^tenantId +tenantDomain/], ['report.HTML', /^<!doctype html>/i]] as const) {
		const result = await run(name);
		t.is(result.code, 0, result.stderr);
		t.regex(await readFile(join(folder, name), 'utf8'), starts, name);
	}
	// --format still wins.
	t.is((await run('forced.html', '--format', 'csv')).code, 0);
	t.regex(await readFile(join(folder, 'forced.html'), 'utf8'), /^tenantId,tenantDomain/);
});
