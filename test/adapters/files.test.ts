// Every file tenantdeck reads back: validated with one line naming the file, never overwritten
// when broken, and prototype keys never mistaken for groups. Token caches are driven through real
// MSAL against the real sandbox over HTTP.
import test from 'ava';
import {mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {loadGroups, saveGroup} from '../../source/adapters/groups.js';
import {loadProfile} from '../../source/adapters/profile.js';
import {resolveTenants} from '../../source/core/tenant-match.js';
import {startSandbox} from '../../source/sandbox/server.js';
import {sandboxFolders, userFolders} from '../../source/adapters/paths.js';
import {boundedLine, createAuditLog, maxAuditLineBytes} from '../../source/adapters/audit-log.js';
import {headless, tempEnv} from '../helpers/headless.js';
import {runBuiltCli} from '../helpers/bundle.js';
import {fakeTenants as makeTenants} from '../fakes/tenants.js';

const fakeTenants = makeTenants(5);

async function configFolder(): Promise<string> {
	const env = await tempEnv();
	const folder = userFolders(env).config;
	await mkdir(folder, {recursive: true});
	return folder;
}

test('a groups.json with a trailing comma is named, kept aside before a save, and loses no group', async t => {
	const folder = await configFolder();
	const broken = '{\n\t"london": ["a"],\n\t"paris": ["b"],\n}\n';
	await writeFile(join(folder, 'groups.json'), broken);
	const error = await t.throwsAsync(loadGroups(folder));
	t.regex(error!.message, /groups\.json is not valid JSON/);
	t.true(error!.message.includes(folder), 'the line names the file');
	const saved = await saveGroup(folder, 'berlin', ['c']);
	t.truthy(saved.setAside);
	t.regex(saved.setAside!, /groups\.json\.bad-\d{4}-/);
	t.is(await readFile(saved.setAside!, 'utf8'), broken, 'the broken file is kept byte for byte');
	t.deepEqual({...(await loadGroups(folder))}, {berlin: ['c']});
});

test('a groups.json of null, of a list, or with a wrong member is one clear line, not a crash', async t => {
	const folder = await configFolder();
	const cases: Array<[string, RegExp]> = [
		['null', /groups\.json: the file: expected an object of group name → list of tenant ids/],
		['[1,2]', /groups\.json: the file: expected an object/],
		['{"london": "a"}', /groups\.json: "london": .*expected array/],
		['{"london": ["a", 7]}', /groups\.json: "london\.1": .*expected string/],
		['{"__proto__": ["a"]}', /groups\.json: "__proto__": a group name is/],
		['{"constructor": ["a"]}', /groups\.json: "constructor": that name is reserved/],
	];
	for (const [text, expected] of cases) {
		await writeFile(join(folder, 'groups.json'), text);
		const error = await t.throwsAsync(loadGroups(folder), undefined, text);
		t.regex(error!.message, expected, text);
	}
});

test('@constructor and @__proto__ are not groups: a clear message, never "flatMap is not a function"', async t => {
	const folder = await configFolder();
	await saveGroup(folder, 'london', [fakeTenants[0]!.tenantId]);
	const groups = await loadGroups(folder);
	for (const word of ['@constructor', '@__proto__', '@toString', '@hasOwnProperty']) {
		const error = t.throws(() => resolveTenants(fakeTenants, word, groups), undefined, word);
		t.is(error!.message, `No saved group named "${word.slice(1)}".`);
	}
	t.deepEqual(resolveTenants(fakeTenants, '@london', groups).map(tenant => tenant.tenantId), [fakeTenants[0]!.tenantId]);
	await t.throwsAsync(saveGroup(folder, 'constructor', ['x']), {message: /Group name "constructor": that name is reserved/});
	await t.throwsAsync(saveGroup(folder, '__proto__', ['x']), {message: /Group name "__proto__": a group name is/});
});

test('a malformed profile.json names the file and what is wrong; an empty client id is not "no profile"', async t => {
	const folder = await configFolder();
	for (const [text, expected] of [
		['{"clientId": ', /profile\.json is not valid JSON/],
		['null', /profile\.json: the file: .*expected object, received null/],
		['{"clientId": 42}', /profile\.json: "clientId": .*expected string/],
		['{"clientId": "  "}', /profile\.json: "clientId": the app's client id is empty/],
	] as const) {
		await writeFile(join(folder, 'profile.json'), text);
		const error = await t.throwsAsync(loadProfile(folder, {}), undefined, text);
		t.regex(error!.message, expected, text);
	}
	await writeFile(join(folder, 'profile.json'), '{"clientId": "11111111-2222-3333-4444-555555555555"}');
	t.deepEqual(await loadProfile(folder, {}), {clientId: '11111111-2222-3333-4444-555555555555'});
});

test('a bad run setting in profile.json stops the run with one line naming the file and the setting, practice included, instead of dropping every setting', async t => {
	const env = await tempEnv();
	const folder = userFolders(env).config;
	await mkdir(folder, {recursive: true});
	for (const [text, expected] of [
		['{"maxSessions": 1, "concurrency": "lots"}', /profile\.json: "concurrency": .*expected number, received string\. Its run settings are whole numbers/],
		['{"maxSessions": 99}', /profile\.json: "maxSessions": .*20/],
		['null', /profile\.json: the file: .*expected object, received null/],
		['{"concurrency": ', /profile\.json is not valid JSON/],
	] as const) {
		await writeFile(join(folder, 'profile.json'), text);
		const run = await headless(['run', '--sandbox', '--op', 'tenant-info', '--tenants', 'all', '--format', 'json', '--quiet'], env);
		t.is(run.code, 2, `${text}: ${run.stderr}`);
		t.regex(run.stderr, expected, text);
		t.is(run.stdout, '', 'nothing ran');
	}
	await writeFile(join(folder, 'profile.json'), '{"maxSessions": 1, "concurrency": 2}');
	t.is((await headless(['run', '--sandbox', '--op', 'tenant-info', '--tenants', 'all', '--format', 'json', '--quiet'], env)).code, 0);
});

test('a folder where profile.json or groups.json should be is named in one line with exit 2, not a raw EISDIR', async t => {
	const env = await tempEnv();
	for (const path of [join(userFolders(env).config, 'profile.json'), join(sandboxFolders(env).config, 'groups.json')]) {
		await mkdir(path, {recursive: true});
		const run = await headless(['run', '--sandbox', '--op', 'tenant-info', '--tenants', '@pilot', '--format', 'json', '--quiet'], env);
		t.is(run.code, 2, run.stderr);
		t.is(run.stderr, `tenantdeck: Cannot read ${path}: it is a folder, not a file (EISDIR). Move it out of the way, or fix its permissions.\n`);
		await rm(path, {recursive: true});
	}
});

test('a broken groups.json ends run, doctor and consent before the customer list is fetched, and a list of all tenants still works', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	const env = await tempEnv();
	t.is((await headless(['login', '--sandbox-url', sandbox.url], env)).code, 0);
	const path = join(sandboxFolders(env).config, 'groups.json');
	await mkdir(sandboxFolders(env).config, {recursive: true});
	await writeFile(path, '{"pilot": ["a"],}');
	const graphBefore = sandbox.stats().graphRequests;
	for (const verb of [['run', '--op', 'tenant-info', '--format', 'json', '--quiet'], ['doctor'], ['consent', '--dry-run']]) {
		const command = await headless([...verb, '--sandbox-url', sandbox.url, '--tenants', '@pilot'], env);
		t.is(command.code, 2, command.stderr);
		t.regex(command.stderr, /groups\.json/, verb[0]);
		// The list was fetched (alongside groups.json) although nothing could be picked from it; with
		// the embedded sandbox those lookups then retried against it, stopped, for 23 s after the error.
		t.is(sandbox.stats().graphRequests, graphBefore, `${verb[0]} fetched the customer list although it could not pick from it`);
	}
	const all = await headless(['doctor', '--sandbox-url', sandbox.url, '--tenants', 'all'], env);
	t.regex(all.stderr, /Checking 24 tenants/, 'a broken groups.json does not stop "all"');
});

test('the built CLI with a broken groups.json says one line and ends there, as a user runs it', async t => {
	const env = await tempEnv();
	await mkdir(sandboxFolders(env).config, {recursive: true});
	await writeFile(join(sandboxFolders(env).config, 'groups.json'), '{"pilot": ["a"],}');
	const {code, stderr} = await runBuiltCli(['run', '--sandbox', '--op', 'tenant-info', '--tenants', '@pilot', '--format', 'json', '--quiet'], env);
	t.is(code, 2);
	// The process lived on while the customer list's lookups retried against the stopped practice
	// cloud (23 s), and their failure came out as a second line blaming a permission.
	t.is(stderr.trimEnd().split('\n').length, 1, stderr);
	t.regex(stderr, /groups\.json is not valid JSON/);
});

for (const [label, content] of [['truncated', '{"Account": {"abc": {"home_account_id": "x'], ['null', 'null']] as const) {
	test(`a ${label} token cache is named, set aside, and login, run and logout all work`, async t => {
		const sandbox = await startSandbox({deviceCodeIntervalSec: 0});
		t.teardown(() => sandbox.stop());
		const env = await tempEnv();
		const cacheFolder = sandboxFolders(env).cache;
		const cachePath = join(cacheFolder, `token-cache-${new URL(sandbox.url).port}.json`);
		const corrupt = async () => {
			await mkdir(cacheFolder, {recursive: true});
			await writeFile(cachePath, content);
		};

		await corrupt();
		const login = await headless(['login', '--sandbox-url', sandbox.url], env);
		t.is(login.code, 0, login.stderr);
		t.true(login.stderr.includes(cachePath), 'the warning names the file');
		t.regex(login.stderr, /token cache was unreadable .* kept as .*\.bad-.*; sign in again/);
		t.regex(login.stderr, /Signed in as/);

		await corrupt();
		const run = await headless(['run', '--sandbox-url', sandbox.url, '--op', 'tenant-info', '--tenants', 'all', '--format', 'json', '--quiet'], env);
		t.is(run.code, 0, run.stderr);
		t.is((JSON.parse(run.stdout) as unknown[]).length, 24);
		t.regex(run.stderr, /token cache was unreadable/);

		await corrupt();
		const logout = await headless(['logout', '--sandbox-url', sandbox.url], env);
		t.is(logout.code, 0, logout.stderr);
		const kept = (await readdir(cacheFolder)).filter(name => name.includes('.bad-'));
		t.is(kept.length, 3, 'each unreadable cache was kept aside, none overwritten');
		for (const name of kept) t.is(await readFile(join(cacheFolder, name), 'utf8'), content);
	});
}

test('a tenants.json cache that is not valid is kept aside with a warning and the list is fetched again', async t => {
	const {loadTenants} = await import('../../source/adapters/tenant-cache.js');
	const env = await tempEnv();
	const folders = userFolders(env);
	await mkdir(folders.cache, {recursive: true});
	await writeFile(join(folders.cache, 'tenants.json'), '{"account": "x", "fetchedAt": "y", "tenants": [{"tenantId": 5}]}');
	const warnings: string[] = [];
	const tenant = {tenantId: 't-1', tenantDomain: 'a.example', tenantName: 'A', source: 'gdap'} as const;
	const connection = {
		cloud: {kind: 'public'},
		folders,
		graph: {
			async *list(path: string) {
				// Contracts carry the domain, so discovery needs no other call.
				if (path.includes('contracts')) yield {customerId: tenant.tenantId, defaultDomainName: tenant.tenantDomain, displayName: tenant.tenantName};
			},
		},
	};
	const loaded = await loadTenants(connection as never, {username: 'u', homeTenantId: 'h'}, {onWarning: text => warnings.push(text)});
	t.deepEqual(loaded.map(each => each.tenantId), ['t-1']);
	t.is(warnings.length, 1);
	t.regex(warnings[0]!, /tenants\.json: "tenants\.0\.tenantId": .*expected string.* kept as .*tenants\.json\.bad-/);
});

test('the audit log writes the parameters once per run and every line stays under 4 KB', async t => {
	const env = await tempEnv();
	const path = join(userFolders(env).state, 'audit.jsonl');
	const log = createAuditLog(path, 'admin@partner.example', {runFolder: '/runs/r1'});
	const params = {users: Array.from({length: 3000}, (_, index) => `user${index}@contoso.example`).join(',')};
	const tenant = fakeTenants[0]!;
	for (let index = 0; index < 50; index++) {
		await log.record({tenant, operationId: 'password-never-expires-set', params, row: {target: `user${index}@contoso.example`, property: 'passwordPolicies', before: 'None', after: 'DisablePasswordExpiration', result: 'changed'}});
	}
	await log.record({tenant, operationId: 'password-never-expires-set', params, row: {target: '😀'.repeat(5000), before: 'x'.repeat(20_000), after: {nested: 'y'.repeat(20_000)}, result: 'changed'}});
	const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
	t.is(lines.length, 52);
	for (const line of lines) t.true(Buffer.byteLength(line) + 1 <= maxAuditLineBytes, `${Buffer.byteLength(line)} bytes`);
	const [header, ...changes] = lines.map(line => JSON.parse(line) as Record<string, unknown>);
	t.is(header!['type'], 'run');
	t.is(header!['runFolder'], '/runs/r1');
	t.is(lines.filter(line => line.includes('user2999@')).length, 0, 'a 100 KB parameter is cut, and only in the header');
	t.true(changes.every(change => change['type'] === 'change' && change['run'] === header!['run'] && !('params' in change)));
	t.is(changes[7]!['target'], 'user7@contoso.example');
	t.is(changes[7]!['before'], 'None');
	t.is(changes[7]!['after'], 'DisablePasswordExpiration');
	const last = changes.at(-1)!;
	t.regex(String(last['target']), /^(😀)+… \(\d+ more characters\)$/u, 'cut between code points');
	t.false(/[\ud800-\udbff](?![\udc00-\udfff])/.test(String(last['target'])));
	t.true(Buffer.byteLength(boundedLine({a: 'x'.repeat(100_000), b: 'y'.repeat(100_000)})) <= maxAuditLineBytes);
});
