// The run folder's outcome lines: written together (one write per ~25 ms, not per tenant — each
// write is a thread-pool hand-off on the main thread), and none lost when the run is closed.
import test from 'ava';
import {existsSync, readFileSync, watch} from 'node:fs';
import {mkdtemp, readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {once} from 'node:events';
import {createRunFolder} from '../../source/adapters/run-folder.js';
import type {Tenant} from '../../source/core/tenant.js';

const tenants: Tenant[] = Array.from({length: 300}, (_, index) => ({tenantId: `t-${index}`, tenantDomain: `t${index}.example`, tenantName: `Tenant ${index}`, source: 'gdap'}));
const summary = {operationId: 'tenant-info', params: {}, startedAt: 0, finishedAt: 1, outcomes: [], succeeded: 300, failed: 0, cancelled: 0, rows: 300};
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

test('outcome lines of many tenants are held briefly and written together; close writes every one', async t => {
	const folder = await createRunFolder(await mkdtemp(join(tmpdir(), 'td-runs-')), 'tenant-info', {}, tenants);
	for (const tenant of tenants) await folder.sink.writeOutcome({tenant, status: 'succeeded', rows: 1, durationMs: 5});
	// Read synchronously: no timer can have run since the last outcome was handed over.
	t.throws(() => lines(folder.outcomesPath), {code: 'ENOENT'}, 'nothing written per tenant');
	await folder.sink.close(summary);
	const written = lines(folder.outcomesPath).map(line => JSON.parse(line) as {tenantId: string; status: string});
	t.deepEqual(written.map(outcome => outcome.tenantId), tenants.map(tenant => tenant.tenantId), 'every tenant once, in order');
	t.true(written.every(outcome => outcome.status === 'succeeded'));
	t.is((JSON.parse(await readFile(join(folder.path, 'run.json'), 'utf8')) as {succeeded: number}).succeeded, 300);
});

test('held outcome lines reach the file on their own while the run goes on', async t => {
	const folder = await createRunFolder(await mkdtemp(join(tmpdir(), 'td-runs-')), 'tenant-info', {}, tenants);
	await folder.sink.writeOutcome({tenant: tenants[0]!, status: 'failed', rows: 0, durationMs: 5, failure: {kind: 'unknown', message: 'The service did not answer.'}});
	// A run that is still going (no close) keeps what finished: the line lands without one.
	const watcher = watch(folder.path);
	t.teardown(() => watcher.close());
	while (!existsSync(folder.outcomesPath) || lines(folder.outcomesPath).length === 0) await once(watcher, 'change');
	t.like(JSON.parse(lines(folder.outcomesPath)[0]!) as object, {tenantId: 't-0', status: 'failed'});
	await folder.sink.close(summary);
	t.is(lines(folder.outcomesPath).length, 1, 'close writes nothing twice');
});

test('a tenant\'s rows are in rows.jsonl the moment writeRows resolves, so a kill right after loses none', async t => {
	const folder = await createRunFolder(await mkdtemp(join(tmpdir(), 'td-runs-')), 'users-list', {}, tenants);
	for (const [index, tenant] of tenants.slice(0, 50).entries()) {
		await folder.sink.writeRows(tenant, [{userPrincipalName: `user${index}@${tenant.tenantDomain}`}]);
		// Read synchronously, before any other turn of the event loop: nothing may still be on its way.
		const last = JSON.parse(lines(folder.rowsPath).at(-1)!) as {tenantId: string; userPrincipalName: string};
		t.deepEqual([last.tenantId, last.userPrincipalName, lines(folder.rowsPath).length], [tenant.tenantId, `user${index}@${tenant.tenantDomain}`, index + 1]);
	}
	await folder.sink.close(summary);
	t.is(lines(folder.rowsPath).length, 50, 'close writes nothing twice');
});
