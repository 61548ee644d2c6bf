import test from 'ava';
import {z} from 'zod';
import {startRun} from '../../source/core/runner.js';
import {defineOperation, type Row} from '../../source/core/operation.js';
import {TenantdeckError} from '../../source/core/errors.js';
import {type RunEvent, type RunSink} from '../../source/core/run-events.js';
import type {Tenant} from '../../source/core/tenant.js';
import {fakeTenants} from '../fakes/tenants.js';
import {unexpectedExchange, unexpectedGraph} from '../fakes/ports.js';

type Gate = {promise: Promise<void>; open(): void};
function gate(): Gate {
	let open = () => {};
	const promise = new Promise<void>(resolve => {
		open = resolve;
	});
	return {promise, open};
}

function operation(behaviour: (tenant: Tenant, signal: AbortSignal) => AsyncIterable<Row>) {
	return defineOperation({
		id: 'test-op', title: 'Test', description: 'Test', risk: 'read', backend: 'graph', powershell: '', params: z.object({}), columns: ['n'],
		run: ({tenant, signal}) => behaviour(tenant, signal),
	});
}

function memorySink(): RunSink & {rows: Row[]; outcomes: string[]; closed: boolean} {
	const sink = {
		rows: [] as Row[], outcomes: [] as string[], closed: false,
		async writeRows(tenant: Tenant, rows: readonly Row[]) {
			sink.rows.push(...rows.map(row => ({tenantId: tenant.tenantId, ...row})));
		},
		async writeOutcome(outcome: {tenant: Tenant; status: string}) {
			sink.outcomes.push(`${outcome.tenant.tenantName}:${outcome.status}`);
		},
		async close() {
			sink.closed = true;
		},
	};
	return sink;
}

test('one failing tenant fails alone; the others deliver their rows', async t => {
	const tenants = fakeTenants(6);
	const sink = memorySink();
	const summary = await startRun({
		operation: operation(async function * (tenant) {
			if (tenant.tenantName === 'Customer 3') throw new TenantdeckError('forbidden', 'No permission in this tenant.', {hint: 'Ask for a GDAP role.', status: 403});
			yield {n: 1};
			yield {n: 2};
		}),
		params: {}, tenants, graph: unexpectedGraph, exchange: unexpectedExchange, concurrency: 3, sink,
	}).done;
	t.is(summary.succeeded, 5);
	t.is(summary.failed, 1);
	t.is(summary.rows, 10);
	t.is(sink.rows.length, 10);
	t.true(sink.closed);
	const failed = summary.outcomes.find(outcome => outcome.status === 'failed')!;
	t.is(failed.tenant.tenantName, 'Customer 3');
	t.is(failed.failure?.kind, 'forbidden');
	t.is(failed.failure?.hint, 'Ask for a GDAP role.');
	t.deepEqual(summary.outcomes.filter(outcome => outcome.status === 'failed').map(outcome => outcome.tenant.tenantName), ['Customer 3']);
	t.deepEqual(summary.outcomes.map(outcome => outcome.tenant.tenantName), tenants.map(tenant => tenant.tenantName), 'outcomes keep the order of the selection');
});

test('never more tenants in flight than the concurrency limit', async t => {
	let inFlight = 0;
	let peak = 0;
	const summary = await startRun({
		operation: operation(async function * () {
			inFlight++;
			peak = Math.max(peak, inFlight);
			await Promise.resolve();
			await new Promise(resolve => setImmediate(resolve));
			inFlight--;
			yield {n: 1};
		}),
		params: {}, tenants: fakeTenants(20), graph: unexpectedGraph, exchange: unexpectedExchange, concurrency: 4,
	}).done;
	t.is(summary.succeeded, 20);
	t.is(peak, 4);
});

test('events tell each tenant\'s story in order, with retries', async t => {
	const events: RunEvent[] = [];
	const [tenant] = fakeTenants(1);
	await startRun({
		operation: defineOperation({
			id: 'retrying-op', title: 'T', description: 'T', risk: 'read', backend: 'graph', powershell: '', params: z.object({}), columns: [],
			async * run({onRetry}) {
				onRetry(1, 1000, 'HTTP 429');
				yield {n: 1};
			},
		}),
		params: {}, tenants: [tenant!], graph: unexpectedGraph, exchange: unexpectedExchange, concurrency: 1,
		onEvent: event => events.push(event),
	}).done;
	t.deepEqual(events.map(event => event.type), ['queued', 'running', 'retrying', 'rows', 'succeeded', 'finished']);
});

test('cancel stops tenants that have not started and lets running ones finish', async t => {
	const release = gate();
	const started: string[] = [];
	const handle = startRun({
		operation: operation(async function * (tenant) {
			started.push(tenant.tenantName);
			await release.promise;
			yield {n: 1};
		}),
		params: {}, tenants: fakeTenants(5), graph: unexpectedGraph, exchange: unexpectedExchange, concurrency: 2,
	});
	await new Promise(resolve => setImmediate(resolve));
	handle.cancel();
	release.open();
	const summary = await handle.done;
	t.deepEqual(started, ['Customer 0', 'Customer 1']);
	t.is(summary.succeeded, 2);
	t.is(summary.cancelled, 3);
});

test('cancel with abortRunning aborts tenants in flight', async t => {
	const handle = startRun({
		operation: operation(async function * (_tenant, signal) {
			await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
			yield {n: 1};
		}),
		params: {}, tenants: fakeTenants(3), graph: unexpectedGraph, exchange: unexpectedExchange, concurrency: 3,
	});
	await new Promise(resolve => setImmediate(resolve));
	handle.cancel({abortRunning: true});
	const summary = await handle.done;
	t.is(summary.cancelled, 3);
	t.is(summary.failed, 0);
});

test('a write run audits exactly the changes; a dry run audits nothing', async t => {
	const write = defineOperation({
		id: 'write-op', title: 'W', description: 'W', risk: 'write', backend: 'graph', powershell: '', params: z.object({}), columns: [],
		async * run({dryRun}) {
			yield {target: 'a@x.com', result: dryRun ? 'would change' : 'changed'};
			yield {target: 'b@x.com', result: 'unchanged'};
			yield {target: 'c@x.com', result: 'not found'};
		},
	});
	for (const dryRun of [false, true]) {
		const audited: string[] = [];
		const audit = {async record({row}: {row: Record<string, unknown>}) {
			audited.push(String(row['target']));
		}};
		await startRun({operation: write, params: {}, tenants: fakeTenants(2), graph: unexpectedGraph, exchange: unexpectedExchange, concurrency: 2, dryRun, audit}).done;
		t.deepEqual(audited, dryRun ? [] : ['a@x.com', 'a@x.com'], dryRun ? 'dry run' : 'real run');
	}
});

test('rows a tenant produced before failing are kept, and counted in its outcome', async t => {
	const sink = memorySink();
	const summary = await startRun({
		operation: operation(async function * () {
			yield {n: 1};
			yield {n: 2};
			throw new TenantdeckError('forbidden', 'No permission for the third user.');
		}),
		params: {}, tenants: fakeTenants(1), graph: unexpectedGraph, exchange: unexpectedExchange, concurrency: 1, sink,
	}).done;
	t.is(summary.failed, 1);
	t.is(sink.rows.length, 2);
	t.is(summary.outcomes[0]!.rows, 2);
});

test('each tenant is readied one wave ahead of its turn, in order, and a failed preparation fails nothing', async t => {
	const log: string[] = [];
	const summary = await startRun({
		operation: operation(async function * (tenant) {
			log.push(`run ${tenant.tenantName}`);
			await new Promise(resolve => setImmediate(resolve));
			yield {n: 1};
		}),
		params: {}, tenants: fakeTenants(5), graph: unexpectedGraph, exchange: unexpectedExchange, concurrency: 2,
		async prepare(tenant) {
			log.push(`ready ${tenant.tenantName}`);
			if (tenant.tenantName === 'Customer 3') throw new Error('token endpoint hiccup');
		},
	}).done;
	t.is(summary.succeeded, 5);
	t.deepEqual(log.filter(line => line.startsWith('run')), ['run Customer 0', 'run Customer 1', 'run Customer 2', 'run Customer 3', 'run Customer 4']);
	t.deepEqual(log.filter(line => line.startsWith('ready')), ['ready Customer 2', 'ready Customer 3', 'ready Customer 4']);
	t.true(log.indexOf('ready Customer 2') < log.indexOf('run Customer 2'));
});

test('cancelTenant aborts one tenant in flight and skips one still queued, shown cancelled at once and once only; the others finish', async t => {
	const release = gate();
	const tenants = fakeTenants(4);
	const events: string[] = [];
	const handle = startRun({
		operation: operation(async function * (tenant, signal) {
			if (tenant.tenantName === 'Customer 0') await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
			await release.promise;
			yield {n: 1};
		}),
		params: {}, tenants, graph: unexpectedGraph, exchange: unexpectedExchange, concurrency: 2,
		onEvent: event => {
			if (event.type === 'cancelled') events.push(event.tenant.tenantName);
		},
	});
	await new Promise(resolve => setImmediate(resolve));
	t.true(handle.cancelTenant(tenants[0]!.tenantId), 'in flight');
	t.true(handle.cancelTenant(tenants[3]!.tenantId), 'queued');
	t.false(handle.cancelTenant('not-in-this-run'));
	// The queued one says so now, while the tenants ahead of it are still running.
	t.true(events.includes('Customer 3'), 'a tenant cancelled in the queue is shown cancelled before its turn');
	release.open();
	const summary = await handle.done;
	t.deepEqual(summary.outcomes.map(outcome => `${outcome.tenant.tenantName}:${outcome.status}`), ['Customer 0:cancelled', 'Customer 1:succeeded', 'Customer 2:succeeded', 'Customer 3:cancelled']);
	t.deepEqual(events.sort(), ['Customer 0', 'Customer 3'], 'one cancelled event each');
});

test('retry while the run is live queues failed tenants again and their new outcome replaces the failure', async t => {
	const slow = gate();
	let attempts = 0;
	const tenants = fakeTenants(2);
	const events: string[] = [];
	const handle = startRun({
		operation: operation(async function * (tenant) {
			if (tenant.tenantName === 'Customer 0' && attempts++ === 0) throw new TenantdeckError('timeout', 'Stuck.');
			if (tenant.tenantName === 'Customer 1') await slow.promise;
			yield {n: 1};
		}),
		params: {}, tenants, graph: unexpectedGraph, exchange: unexpectedExchange, concurrency: 2,
		onEvent: event => {
			if (event.type !== 'finished') events.push(`${event.tenant.tenantName}:${event.type}`);
		},
	});
	while (!events.includes('Customer 0:failed')) await new Promise(resolve => setImmediate(resolve));
	t.true(handle.retry([tenants[0]!]), 'the run is still going (Customer 1 is in flight)');
	while (events.filter(event => event === 'Customer 0:succeeded').length === 0) await new Promise(resolve => setImmediate(resolve));
	slow.open();
	const summary = await handle.done;
	t.is(summary.succeeded, 2);
	t.is(summary.failed, 0);
	t.is(summary.outcomes.length, 2);
	t.false(handle.retry([tenants[0]!]), 'a finished run takes no retries');
});
