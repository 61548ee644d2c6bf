// The warm-up a process runs once before its first tenant (supervisor-warm-up.ts), over fake
// processes: it never holds up a tenant that is already waiting, never counts as a tenant served,
// and a failing one costs nothing but itself (it is not tried again in that supervisor).

import test from 'ava';
import type {ExchangeCall} from '../../source/core/ports.js';
import {Supervisor, type SupervisorOptions} from '../../source/core/supervisor.js';
import type {Tenant} from '../../source/core/tenant.js';
import {FakeWorld} from './supervisor-fakes.js';

const tenants: Tenant[] = Array.from({length: 4}, (_, index) => ({tenantId: `t${index}`, tenantDomain: `t${index}.example`, tenantName: `T${index}`, source: 'gdap'}));
const auth = {token: async (_resource: string, tenantId?: string) => `token-for-${tenantId}`};
const call = (tenant: Tenant): ExchangeCall => ({tenant, commands: ['Get-Mailbox'], script: 'rows', args: {}});

function supervisor(world: FakeWorld, options: Partial<SupervisorOptions> = {}): Supervisor {
	return new Supervisor({powershell: world.port(), auth, shutdownBudgetMs: 500, maxConnections: 1, spares: 0, ...options});
}

const idle = (subject: Supervisor, count: number) =>
	new Promise<void>(resolve => {
		const stop = subject.onStatus(status => {
			if (status.idle < count) return;
			stop();
			resolve();
		});
	});

test('warm() warms each process up once before it is idle, and the warm-up is not a tenant served', async t => {
	const world = new FakeWorld(() => [{ok: true}]);
	const subject = supervisor(world, {tenantsPerProcess: 2});
	const ready = idle(subject, 1);
	subject.warm();
	await ready;
	t.is(world.warmUps, 1);
	t.is(world.opened, 0, 'a warm-up never connects');
	for (const tenant of tenants.slice(0, 2)) t.deepEqual(await subject.run(call(tenant)), [{ok: true}]);
	t.deepEqual(
		world.sessions.filter(session => session.tenants.length > 0).map(session => session.tenants),
		[['t0', 't1']],
		'the warmed process served its full quota of 2 tenants',
	);
	await subject.shutdown();
	t.is(world.alive, 0);
});

test('a tenant already waiting for a process does not wait for a warm-up too', async t => {
	const world = new FakeWorld(() => [{ok: true}]);
	// A warm-up that never ends: the tenant could only finish by skipping it.
	world.warmUpGate = new Promise(() => undefined);
	const subject = supervisor(world);
	t.deepEqual(await subject.run(call(tenants[0]!)), [{ok: true}]);
	t.is(world.warmUps, 0);
	await subject.shutdown();
	t.is(world.alive, 0);
});

test('a failing warm-up leaves its process serving tenants', async t => {
	const world = new FakeWorld(() => [{ok: true}]);
	world.warmUpFails = true;
	const subject = supervisor(world, {maxConnections: 2});
	const ready = idle(subject, 2);
	subject.warm();
	await ready;
	const results = await Promise.all(tenants.map(tenant => subject.run(call(tenant))));
	t.deepEqual(results, tenants.map(() => [{ok: true}]));
	t.true(world.warmUps >= 1);
	t.is(world.sessions.filter(session => session.tenants.length > 0).length, 2, 'both warmed processes served');
	await subject.shutdown();
	t.is(world.alive, 0);
});

test('shutdown during a warm-up ends the process and fails nobody else', async t => {
	const world = new FakeWorld(() => [{ok: true}]);
	let warming!: () => void;
	const warmingUp = new Promise<void>(resolve => (warming = resolve));
	world.warmUpGate = new Promise(() => warming());
	const subject = supervisor(world);
	subject.warm();
	await warmingUp;
	await subject.shutdown();
	t.is(world.alive, 0);
	t.is(world.opened, 0);
});

test('warm(n) for fewer tenants than connections starts n processes; a spare only for more than 4 tenants per connection', async t => {
	const world = new FakeWorld(() => [{ok: true}]);
	const subject = supervisor(world, {maxConnections: 3, spares: 1});
	const one = idle(subject, 1);
	subject.warm(1);
	await one;
	t.deepEqual(await subject.run(call(tenants[0]!)), [{ok: true}]);
	await new Promise(resolve => setImmediate(resolve));
	t.is(world.sessions.length, 1, 'one tenant, one process: no spare started behind it');
	const three = idle(subject, 3);
	subject.warm(12);
	await three;
	t.deepEqual(await Promise.all(tenants.map(tenant => subject.run(call(tenant)))), tenants.map(() => [{ok: true}]));
	await new Promise(resolve => setImmediate(resolve));
	t.is(world.sessions.length, 3, 'twelve tenants on three connections: a process per connection, no spare started behind them');
	const four = idle(subject, 4);
	subject.warm(13);
	await four;
	t.is(world.sessions.length, 4, 'thirteen tenants: a process per connection and the spare, before any tenant asks');
	await subject.shutdown();
	t.is(world.alive, 0);
});
