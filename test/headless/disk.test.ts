// Full and read-only disks, on real small tmpfs mounts, through the real CLI in a child process
// (so an exit code of 13 — Node draining mid-cleanup — would show). Mounting needs root and a
// kernel that allows tmpfs; where the OS refuses, the tests are skipped and say why in their title
// (failed instead under TENANTDECK_REQUIRE_TMPFS=1, as .ci/run sets).
import test from 'ava';
import {spawnSync} from 'node:child_process';
import {mkdir, mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import {startSandbox} from '../../source/sandbox/server.js';
import {exitCodes} from '../../source/core/exit-codes.js';
import {createRunFolder} from '../../source/adapters/run-folder.js';
import {readRows} from '../../source/adapters/exporter.js';
import {rm} from 'node:fs/promises';
import {headless} from '../helpers/headless.js';
import {testWithPowerShell} from '../helpers/powershell.js';
import {mountTmpfs, testWithTmpfs, tmpfsRefused} from '../helpers/tmpfs.js';
import {runBuiltCli} from '../helpers/bundle.js';

const root = join(import.meta.dirname, '..', '..');

/** The shipped bin in a child process: an exit code of 13 (Node draining mid-cleanup) would show. */
const cli = (argv: string[], env: NodeJS.ProcessEnv) => runBuiltCli(argv, env, root);

async function homeWithState(state: string) {
	const home = await mkdtemp(join(tmpdir(), 'td-home-'));
	return {PATH: process.env['PATH'], HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), XDG_STATE_HOME: state};
}

testWithTmpfs('a state disk that fills mid-run: no new tenants, running ones finish, one line, exit 5, rows so far kept', async t => {
	const state = await mountTmpfs(t, '160k');
	const env = {...(await homeWithState(state)), TENANTDECK_SANDBOX_TENANTS: '60'};
	const result = await cli(['run', '--sandbox', '--op', 'users-list', '--tenants', 'all', '--format', 'csv', '--concurrency', '4'], env);
	t.is(result.code, exitCodes.storage, result.stderr);
	const diskLines = result.stderr.split('\n').filter(line => line.startsWith('tenantdeck: Cannot write to'));
	t.is(diskLines.length, 1, result.stderr);
	t.regex(diskLines[0]!, new RegExp(`^tenantdeck: Cannot write to ${state}/tenantdeck/sandbox/runs/\\S+: the disk is full \\(ENOSPC\\)\\. .*No new tenants are started`));
	// The summary line still comes, with the tenants that were never started counted.
	const summary = /(\d+) succeeded, (\d+) failed, (\d+) cancelled/.exec(result.stderr);
	t.truthy(summary, result.stderr);
	const [succeeded, failed, cancelled] = summary!.slice(1).map(Number) as [number, number, number];
	t.is(succeeded + failed + cancelled, 60);
	t.true(succeeded > 0 && cancelled > 0, summary![0]);
	t.true(failed <= 4, 'only tenants already running when the disk filled can fail');
	t.false(/uncaught|unhandled/i.test(result.stderr));
	// What was kept is exported, whole rows only, and reads back with an independent CSV parser.
	const rows = parse(result.stdout, {columns: true}) as Array<Record<string, string>>;
	t.true(rows.length > 0);
	t.true(new Set(rows.map(row => row['tenantId'])).size >= succeeded);
});

// Exchange runs used to end with exit 13: a write error went uncaught while PowerShell was being shut down.
// It needs PowerShell too; where tmpfs is refused it is skipped (or failed) as the other disk tests are.
(tmpfsRefused ? (title: string) => testWithTmpfs(title, () => undefined) : testWithPowerShell)('an Exchange run on a disk that fills: exit 5, never 13', async t => {
	const state = await mountTmpfs(t, '24k');
	const env = {...(await homeWithState(state)), TENANTDECK_SANDBOX_TENANTS: '8'};
	const result = await cli(['run', '--sandbox', '--op', 'mailboxes-list', '--tenants', 'all', '--format', 'csv'], env);
	t.is(result.code, exitCodes.storage, result.stderr);
	t.is(result.stderr.split('\n').filter(line => line.startsWith('tenantdeck: Cannot write to')).length, 1, result.stderr);
	t.regex(result.stderr, /\d+ succeeded, \d+ failed, \d+ cancelled/);
	t.false(/uncaught|unhandled|cleanup failed/i.test(result.stderr), result.stderr);
});

testWithTmpfs('a run folder writer recovers once space is freed: the torn line is skipped, later rows are whole', async t => {
	const disk = await mountTmpfs(t, '64k');
	const tenant = {tenantId: 't-1', tenantDomain: 'a.example', tenantName: 'A', source: 'gdap' as const};
	const failures: Error[] = [];
	const folder = await createRunFolder(join(disk, 'runs'), 'users-list', {}, [tenant], {onStorageFailure: error => failures.push(error)});
	await folder.sink.writeRows(tenant, [{name: 'first'}]);
	// Nearly fill the disk, so a big batch is cut part-way: a clear storage error, never an uncaught one.
	const ballast = join(disk, 'ballast');
	spawnSync('dd', ['if=/dev/zero', `of=${ballast}`, 'bs=4k', 'count=10']);
	const big = Array.from({length: 400}, (_, index) => ({name: `row ${index} ${'x'.repeat(200)}`}));
	await t.throwsAsync(folder.sink.writeRows(tenant, big), {message: /Cannot write to .*: the disk is full \(ENOSPC\)/});
	await t.throwsAsync(folder.sink.writeRows(tenant, big), {message: /the disk is full/});
	t.is(failures.length, 1, 'reported once');
	await rm(ballast);
	await folder.sink.writeRows(tenant, [{name: 'after'}]);
	await folder.sink.writeOutcome({tenant, status: 'succeeded', rows: 2, durationMs: 1});
	await folder.sink.close({operationId: 'users-list', params: {}, startedAt: 0, finishedAt: 1, outcomes: [], succeeded: 1, failed: 0, cancelled: 0, rows: 2});
	const bad: number[] = [];
	const names: unknown[] = [];
	for await (const row of readRows(folder.rowsPath, line => bad.push(line))) names.push(row['name']);
	t.is(names[0], 'first');
	t.is(names.at(-1), 'after');
	t.true(names.every(name => typeof name === 'string'));
	t.is(bad.length, 1, 'the one line cut short by the full disk is skipped, not fatal');
	const run = JSON.parse(await readFile(join(folder.path, 'run.json'), 'utf8')) as Record<string, unknown>;
	t.regex(String(run['storageFailure']), /disk is full/);
	t.is(run['succeeded'], 1);
});

testWithTmpfs('a read-only state folder: one line naming the folder and the cause, exit 5, nothing run', async t => {
	const state = await mountTmpfs(t, '64k', true);
	const env = await homeWithState(state);
	const result = await cli(['run', '--sandbox', '--op', 'tenant-info', '--tenants', 'all', '--format', 'json'], env);
	t.is(result.code, exitCodes.storage, result.stderr);
	t.regex(result.stderr, new RegExp(`tenantdeck: Cannot write to ${state}/tenantdeck/sandbox/runs/\\S+: the file system is read-only \\(EROFS\\)\\.`));
	t.false(result.stderr.includes('ENOENT'));
	t.is(result.stdout, '');
});

testWithTmpfs('a read-only cache folder is a storage problem, not "check the app registration"', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	const cache = await mountTmpfs(t, '64k', true);
	const home = await mkdtemp(join(tmpdir(), 'td-home-'));
	const env = {PATH: process.env['PATH'], HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: cache};
	const result = await headless(['login', '--sandbox-url', sandbox.url], env);
	t.is(result.code, exitCodes.storage, result.stderr);
	t.regex(result.stderr, new RegExp(`Cannot write to ${cache}/tenantdeck/sandbox: the file system is read-only \\(EROFS\\)`));
	t.false(/app registration/i.test(result.stderr));
});

test('practice runs and sign-ins live under the sandbox folder and sandbox --reset removes them', async t => {
	const home = await mkdtemp(join(tmpdir(), 'td-home-'));
	const env = {PATH: process.env['PATH'], HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache')};
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	// Something of the real profile that practice must not touch.
	await mkdir(join(home, 'state', 'tenantdeck', 'runs', 'real-run'), {recursive: true});
	await writeFile(join(home, 'state', 'tenantdeck', 'audit.jsonl'), '{"type":"run"}\n');
	t.is((await headless(['run', '--sandbox', '--op', 'tenant-info', '--tenants', 'all', '--format', 'json', '--quiet'], env)).code, 0);
	t.is((await headless(['login', '--sandbox-url', sandbox.url], env)).code, 0);
	t.is((await headless(['run', '--sandbox-url', sandbox.url, '--op', 'tenant-info', '--tenants', 'all', '--format', 'json', '--quiet'], env)).code, 0);
	t.deepEqual(await readdir(join(home, 'state', 'tenantdeck', 'runs')), ['real-run']);
	t.is((await readdir(join(home, 'state', 'tenantdeck', 'sandbox', 'runs'))).length, 2);
	t.deepEqual(await readdir(join(home, 'cache', 'tenantdeck')), ['sandbox']);
	t.true((await readdir(join(home, 'cache', 'tenantdeck', 'sandbox'))).some(name => name.startsWith('token-cache-')));

	const reset = await headless(['sandbox', '--reset'], env);
	t.is(reset.code, 0, reset.stderr);
	t.regex(reset.stdout, /Removed .*config\/tenantdeck\/sandbox\nRemoved .*state\/tenantdeck\/sandbox\nRemoved .*cache\/tenantdeck\/sandbox\n/);
	t.deepEqual(await readdir(join(home, 'state', 'tenantdeck')), ['audit.jsonl', 'runs']);
	t.deepEqual(await readdir(join(home, 'cache', 'tenantdeck')), []);
	t.is(await readFile(join(home, 'state', 'tenantdeck', 'audit.jsonl'), 'utf8'), '{"type":"run"}\n');
	// After a reset the practice cloud asks for a sign-in again.
	const again = await headless(['run', '--sandbox-url', sandbox.url, '--op', 'tenant-info', '--tenants', 'all', '--format', 'json'], env);
	t.is(again.code, 0, again.stderr);
	t.regex(again.stderr, /code/i);
});
