// The one run launcher: concurrency from flag, then profile, then default; the run folder exists
// before the first tenant starts; Graph tokens are fetched per tenant; writes reach the audit port.
// Real run folders and the real audit log (adapters/run-ports) in a temp folder.

import test from 'ava';
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {concurrencyFor, launchRun, resolveRunSettings} from '../../source/core/launch-run.js';
import type {AnyOperation} from '../../source/core/operation.js';
import {runPorts} from '../../source/adapters/run-ports.js';
import {unexpectedExchange, unexpectedGraph} from '../fakes/ports.js';
import {readOp, tenants, writeOp} from '../app/fixtures.js';

test('flag beats profile beats default, each setting on its own', t => {
	t.deepEqual(resolveRunSettings({}), {concurrency: 16, maxSessions: 3, exchangeTimeoutSec: 600});
	t.deepEqual(resolveRunSettings({}, {concurrency: 8}), {concurrency: 8, maxSessions: 3, exchangeTimeoutSec: 600});
	t.deepEqual(resolveRunSettings({concurrency: 4}, {concurrency: 8, maxSessions: 2}), {concurrency: 4, maxSessions: 2, exchangeTimeoutSec: 600});
	t.deepEqual(resolveRunSettings({maxSessions: 5}, {maxSessions: 2}), {concurrency: 16, maxSessions: 5, exchangeTimeoutSec: 600});
	t.deepEqual(resolveRunSettings({}, {exchangeTimeoutSec: 30}), {concurrency: 16, maxSessions: 3, exchangeTimeoutSec: 30});
	t.deepEqual(resolveRunSettings({exchangeTimeoutSec: 5}, {exchangeTimeoutSec: 30}), {concurrency: 16, maxSessions: 3, exchangeTimeoutSec: 5});
	t.is(concurrencyFor(readOp, {concurrency: 7, maxSessions: 2, exchangeTimeoutSec: 600}), 7);
	t.is(concurrencyFor({...readOp, backend: 'exchange'} as AnyOperation, {concurrency: 7, maxSessions: 2, exchangeTimeoutSec: 600}), 2, 'Exchange tenants wait for a session anyway');
});

async function folder(t: import('ava').ExecutionContext): Promise<string> {
	const root = await mkdtemp(join(tmpdir(), 'tenantdeck-launch-'));
	t.teardown(() => rm(root, {recursive: true, force: true}));
	return root;
}

test('a launched run: folder first, at most the resolved concurrency in flight, a token fetched ahead for each later tenant', async t => {
	const state = await folder(t);
	const tokens: string[] = [];
	let inFlight = 0;
	let peak = 0;
	const slow: AnyOperation = {...readOp, async *run() {
		inFlight++;
		peak = Math.max(peak, inFlight);
		await new Promise(resolve => setImmediate(resolve));
		inFlight--;
		yield {name: 'x', size: 1};
	}};
	const ports = runPorts({auth: {token: async (_resource, tenantId) => {
		tokens.push(tenantId!);
		return 'token';
	}}, graph: unexpectedGraph, exchange: unexpectedExchange}, state, 'ann@partner.com');
	let folderBeforeFirstEvent = false;
	let folderPath = '';
	const list = tenants(12);
	const {folder: launched, handle} = await launchRun(ports, {
		operation: slow, params: {}, tenants: list, dryRun: false, settings: resolveRunSettings({}, {concurrency: 3}),
		onFolder: created => (folderPath = created.path),
		onEvent: () => (folderBeforeFirstEvent ||= folderPath !== ''),
	});
	const summary = await handle.done;
	t.is(summary.succeeded, 12);
	t.is(peak, 3);
	t.true(folderBeforeFirstEvent);
	t.is(launched.path, folderPath);
	// Tokens are fetched ahead of each later tenant's turn (the first wave asks as it runs).
	t.deepEqual([...tokens].sort(), list.slice(3).map(tenant => tenant.tenantId).sort());
	t.is((await readFile(launched.rowsPath, 'utf8')).trim().split('\n').length, 12);
	t.deepEqual(await readdir(join(state, 'runs')), [launched.path.split('/').at(-1)]);
});

test('a write records each change in the audit log; a dry run records nothing', async t => {
	const state = await folder(t);
	const ports = runPorts({auth: {token: async () => 'token'}, graph: unexpectedGraph, exchange: unexpectedExchange}, state, 'ann@partner.com');
	const settings = resolveRunSettings({});
	const dry = await launchRun(ports, {operation: writeOp, params: {mode: 'on'}, tenants: tenants(2), dryRun: true, settings});
	await dry.handle.done;
	await t.throwsAsync(readFile(join(state, 'audit.jsonl'), 'utf8'), {code: 'ENOENT'});
	const real = await launchRun(ports, {operation: writeOp, params: {mode: 'on'}, tenants: tenants(2), dryRun: false, settings});
	await real.handle.done;
	// One "run" line (who, what, which run folder), then one line per change.
	const lines = (await readFile(join(state, 'audit.jsonl'), 'utf8')).trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
	t.is(lines.length, 3);
	t.true(JSON.stringify(lines[0]).includes('ann@partner.com'));
	t.true(JSON.stringify(lines[0]).includes(real.folder.path), 'the run line names the run folder');
	t.is(lines.slice(1).length, 2);
});
