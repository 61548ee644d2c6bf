// The supervisor's promises about what stays open, over fake PowerShell: a stop reaches the call in
// flight and the connection is still disconnected from its own process; a timed-out call is closed
// from outside so its slot serves the next tenant; a refused connect waits for a slot; the journal
// of open connections is written and struck, and what a dead tenantdeck left is closed at start.

import test from 'ava';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import type {ExchangeCall} from '../../source/core/ports.js';
import {Supervisor, type SupervisorOptions} from '../../source/core/supervisor.js';
import type {ConnectIntent, ConnectionCloser, ConnectionJournal, JournalEntry} from '../../source/core/supervisor-ports.js';
import type {Tenant} from '../../source/core/tenant.js';
import {FakeWorld} from './supervisor-fakes.js';

const tenants: Tenant[] = Array.from({length: 6}, (_, index) => ({tenantId: `t${index}`, tenantDomain: `t${index}.example`, tenantName: `T${index}`, source: 'gdap'}));
const auth = {token: async (_resource: string, tenantId?: string) => `token-for-${tenantId}`};
const call = (tenant: Tenant, extra: Partial<ExchangeCall> = {}): ExchangeCall => ({tenant, commands: ['Get-Mailbox'], script: 'rows', args: {}, ...extra});

type MemoryJournal = ConnectionJournal & {entries: Map<string, JournalEntry>; intents: Map<string, ConnectIntent>; struckWith: string[]; lines: string[]};

/** The journal in memory, keeping each line it was asked to write (in order) for the tests to read. */
function memoryJournal(initial: JournalEntry[] = [], intents: ConnectIntent[] = []): MemoryJournal {
	const entries = new Map(initial.map(entry => [entry.connectionId, entry]));
	const pending = new Map(intents.map(intent => [intent.intentId, intent]));
	const struckWith: string[] = [];
	const lines: string[] = [];
	return {
		entries,
		intents: pending,
		struckWith,
		lines,
		async connecting(intent) {
			pending.set(intent.intentId, intent);
			lines.push(`connecting ${intent.tenantId}`);
		},
		async opened(entry, intentId) {
			if (intentId) pending.delete(intentId);
			entries.set(entry.connectionId, entry);
			lines.push(`opened ${entry.tenantId}${intentId ? ' (replaces its intent)' : ''}`);
		},
		async struck(id, reason) {
			entries.delete(id);
			pending.delete(id);
			struckWith.push(reason);
			lines.push(`struck ${reason}`);
		},
		async unstruck() {
			return [...entries.values()];
		},
		async unresolved() {
			return [...pending.values()];
		},
	};
}

/** Closes connections in the fake world from outside, as the sandbox closer does on the service. */
function worldCloser(world: FakeWorld): ConnectionCloser & {closed: string[]} {
	const closed: string[] = [];
	return {
		closed,
		async close(entry) {
			closed.push(entry.connectionId);
			if (!world.connected.delete(entry.connectionId)) return 'gone';
			world.closed++;
			return 'closed';
		},
		// Fake connection ids end with the pid of the process that opened them.
		async closeOpenedBy(entry) {
			const opened = [...world.connected].filter(id => id === `c-${entry.tenantId}-${entry.clientPid}`);
			for (const id of opened) {
				world.connected.delete(id);
				world.closed++;
				closed.push(id);
			}
			return opened.length;
		},
	};
}

const make = (world: FakeWorld, options: Partial<SupervisorOptions> = {}) => new Supervisor({powershell: world.port(), auth, shutdownBudgetMs: 2000, ...options});

test('shutdown asks the call in flight to stop, then disconnects it from its own process and strikes it', async t => {
	let started!: () => void;
	const inFlight = new Promise<void>(resolve => (started = resolve));
	const world = new FakeWorld(async () => {
		started();
		return new Promise<unknown[]>(() => undefined);
	});
	const journal = memoryJournal();
	const subject = make(world, {journal, maxConnections: 1});
	const job = subject.run(call(tenants[0]!));
	await inFlight;
	t.is(journal.entries.size, 1, 'the open connection is in the journal');
	await subject.shutdown();
	await t.throwsAsync(job, {message: /stopped/});
	t.is(world.stops, 1, 'the stop reached the PowerShell call');
	t.is(world.connected.size, 0);
	t.is(world.closed, 1);
	t.deepEqual(journal.struckWith, ['disconnected']);
	t.is(world.alive, 0);
});

test('a timed-out call is closed from outside, so one stuck tenant never starves the rest', async t => {
	const world = new FakeWorld(async (_args, session) => (session.tenants.at(-1) === 't0' ? new Promise<unknown[]>(() => undefined) : [{ok: true}]));
	const journal = memoryJournal();
	const closer = worldCloser(world);
	const subject = make(world, {journal, closer, maxConnections: 1, timeouts: {callMs: 50}});
	const results = await Promise.allSettled(tenants.map(tenant => subject.run(call(tenant))));
	t.is(results[0]!.status, 'rejected');
	t.is(results.filter(result => result.status === 'fulfilled').length, 5, 'the other five were served by the freed slot');
	t.is(closer.closed.length, 1);
	t.is(subject.status().orphaned, 0);
	t.is(world.connected.size, 0);
	t.deepEqual(await journal.unstruck(), []);
	t.true(journal.struckWith.includes('closed afterwards'));
	await subject.shutdown();
});

test('a connect the service refuses for too many connections waits for a slot instead of failing', async t => {
	const world = new FakeWorld(async () => [{ok: true}]);
	world.serviceCap = 2;
	const subject = make(world, {maxConnections: 3});
	const results = await Promise.all(tenants.map(tenant => subject.run(call(tenant))));
	t.is(results.length, 6);
	t.true(world.refused > 0, 'the service never refused: the test proves nothing');
	t.is(world.connected.size, 0);
	await subject.shutdown();
});

test('a tenant refused after a long wait at its gate still waits for a slot: the refusal wait starts at its go', async t => {
	// t0 holds the one slot longer than the refusal wait while t1 is queued at its gate; t1's first
	// connect is then refused, as by a service still counting t0's closed connection.
	const world = new FakeWorld(async (_args, session) => {
		if (session.tenants.at(-1) === 't0') await new Promise(resolve => setTimeout(resolve, 300));
		return [{ok: true}];
	});
	world.refusedOnce.add('t1');
	const subject = make(world, {maxConnections: 1, spares: 1, timeouts: {refusedWaitMs: 150}});
	const results = await Promise.all([subject.run(call(tenants[0]!)), subject.run(call(tenants[1]!))]);
	t.deepEqual(results, [[{ok: true}], [{ok: true}]]);
	t.is(world.refused, 1);
	t.is(world.connected.size, 0);
	await subject.shutdown();
});

test('a shutdown that begins while a tenant waits for leftovers to be closed ends it at once, and nothing connects', async t => {
	let release!: () => void;
	const slowJournal = new Promise<void>(resolve => (release = resolve));
	const journal = memoryJournal();
	const world = new FakeWorld(async () => [{ok: true}]);
	// A budget longer than the test's own timeout: a tenant left waiting until the budget ran out fails the test.
	const subject = make(world, {shutdownBudgetMs: 600_000, journal: {...journal, unstruck: async () => (await slowJournal, journal.unstruck())}});
	const run = subject.run(call(tenants[0]!)).then(
		() => 'served',
		(error: {kind?: string}) => error.kind,
	);
	const shutdown = subject.shutdown();
	release();
	t.is(await run, 'cancelled');
	await shutdown;
	t.is(world.opened, 0);
	t.is(world.alive, 0);
});

test('a connect still refused after the wait says whose the sessions are', async t => {
	const world = new FakeWorld(async () => [{ok: true}]);
	world.serviceCap = 0;
	const subject = make(world, {maxConnections: 3, journal: memoryJournal(), timeouts: {refusedWaitMs: 300}});
	const error = await t.throwsAsync(subject.run(call(tenants[0]!)));
	t.is((error as {kind?: string}).kind, 'throttled');
	t.regex((error as {hint?: string}).hint ?? '', /open elsewhere/);
	await subject.shutdown();
});

test('leftovers of a dead tenantdeck are closed at start and reported in one line; a live one keeps its own', async t => {
	const world = new FakeWorld(async () => [{ok: true}]);
	world.connected.add('left-1').add('left-2').add('theirs');
	const journal = memoryJournal([
		{tenantId: 't1', connectionId: 'left-1', openedAt: '2026-01-01T00:00:00Z', pid: 2 ** 22 + 11},
		{tenantId: 't2', connectionId: 'left-2', openedAt: '2026-01-01T00:00:00Z', pid: 2 ** 22 + 12},
		// Our parent is alive: its connections belong to a tenantdeck still running.
		{tenantId: 't3', connectionId: 'theirs', openedAt: '2026-01-01T00:00:00Z', pid: process.ppid},
	]);
	const closer = worldCloser(world);
	const notices: string[] = [];
	const subject = make(world, {journal, closer, onNotice: line => notices.push(line)});
	await subject.closeLeftovers();
	await subject.closeLeftovers();
	t.deepEqual(closer.closed.sort(), ['left-1', 'left-2']);
	t.deepEqual(notices, ['Closed 2 Exchange connections a previous tenantdeck left open (it was ended before it could disconnect).']);
	t.deepEqual([...journal.entries.keys()], ['theirs']);
	t.true(world.connected.has('theirs'));
	await subject.shutdown();
});

test('a connect is journalled before it is sent, then replaced by its connection, then struck', async t => {
	const world = new FakeWorld(async () => [{ok: true}]);
	const journal = memoryJournal();
	// What the service had opened at the moment the intent was written.
	const openedWhenJournalled: number[] = [];
	const intents: ConnectIntent[] = [];
	const connecting = journal.connecting.bind(journal);
	journal.connecting = async intent => {
		openedWhenJournalled.push(world.opened);
		intents.push(intent);
		await connecting(intent);
	};
	const subject = make(world, {journal, maxConnections: 1});
	await subject.run(call(tenants[0]!));
	t.deepEqual(openedWhenJournalled, [0]);
	t.is(intents[0]!.pid, process.pid);
	t.is(intents[0]!.workerPid, world.sessions.find(session => session.tenants.includes('t0'))?.pid, 'the intent names the PowerShell process that sent the connect');
	t.deepEqual(journal.lines, ['connecting t0', 'opened t0 (replaces its intent)', 'struck disconnected']);
	t.deepEqual(await journal.unresolved(), []);
	await subject.shutdown();
});

test('a connect that fails and is cleaned up by its own process strikes its intent', async t => {
	const world = new FakeWorld(async () => [{ok: true}]);
	world.connectFailsAfterOpening.add('t0');
	const journal = memoryJournal();
	const subject = make(world, {journal, maxConnections: 1});
	await t.throwsAsync(subject.run(call(tenants[0]!)), {message: /2 new connections/});
	t.deepEqual(journal.lines, ['connecting t0', 'struck connect failed']);
	t.deepEqual(await journal.unresolved(), []);
	t.is(world.connected.size, 0);
	await subject.shutdown();
});

test('a connect cut off by its process dying is closed from outside by that process id, so its slot is not lost', async t => {
	const world = new FakeWorld(async () => [{ok: true}]);
	world.connectDiesAfterOpening.add('t0');
	const journal = memoryJournal();
	const closer = worldCloser(world);
	const subject = make(world, {journal, closer, maxConnections: 1});
	const results = await Promise.allSettled(tenants.slice(0, 3).map(tenant => subject.run(call(tenant))));
	t.is(results[0]!.status, 'rejected');
	t.is(results.filter(result => result.status === 'fulfilled').length, 2, 'the next tenants had the slot');
	t.is(closer.closed.length, 1, 'the dead process\'s connection was closed on the service');
	t.is(world.connected.size, 0);
	t.is(subject.status().orphaned, 0);
	t.deepEqual(await journal.unresolved(), []);
	t.true(journal.struckWith.includes('closed afterwards'));
	await subject.shutdown();
});

test('at start, a dead tenantdeck\'s unresolved connects are closed once their PowerShell is gone, and counted only if one was open', async t => {
	const world = new FakeWorld(async () => [{ok: true}]);
	const deadTenantdeck = 2 ** 22 + 21;
	const deadWorker = 2 ** 22 + 22;
	// A PowerShell child still finishing its connect: it opens the connection and leaves shortly.
	const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300)'], {stdio: 'ignore'});
	const childExited = once(child, 'exit').then(() => 'worker exited');
	const startedAt = new Date().toISOString();
	world.connected.add(`c-t1-${deadWorker}`).add(`c-t2-${child.pid}`).add(`c-t4-${deadWorker}`);
	const journal = memoryJournal(
		[],
		[
			{intentId: 'i-1', tenantId: 't1', startedAt, pid: deadTenantdeck, workerPid: deadWorker},
			{intentId: 'i-2', tenantId: 't2', startedAt, pid: deadTenantdeck, workerPid: child.pid},
			// Killed before its connect reached the service: nothing to close, nothing to count.
			{intentId: 'i-3', tenantId: 't3', startedAt, pid: deadTenantdeck, workerPid: deadWorker},
			// A tenantdeck still running (our parent) owns its connect.
			{intentId: 'i-4', tenantId: 't4', startedAt, pid: process.ppid, workerPid: deadWorker},
		],
	);
	const closer = worldCloser(world);
	const order: string[] = [];
	void childExited.then(line => order.push(line));
	const closeOpenedBy = closer.closeOpenedBy.bind(closer);
	closer.closeOpenedBy = async (entry, token, timeoutMs) => {
		order.push(`closed t${entry.tenantId.slice(1)}`);
		return closeOpenedBy(entry, token, timeoutMs);
	};
	const notices: string[] = [];
	const subject = make(world, {journal, closer, onNotice: line => notices.push(line), timeouts: {connectMs: 60_000}});
	await subject.closeLeftovers();
	t.true(order.indexOf('worker exited') < order.indexOf('closed t2'), `closed before its PowerShell finished the connect: ${order.join(', ')}`);
	t.deepEqual(closer.closed.sort(), [`c-t1-${deadWorker}`, `c-t2-${child.pid}`]);
	t.deepEqual(notices, ['Closed 2 Exchange connections a previous tenantdeck left open (it was ended before it could disconnect).']);
	t.deepEqual([...journal.intents.keys()], ['i-4']);
	t.true(world.connected.has(`c-t4-${deadWorker}`));
	await subject.shutdown();
});

test('at start, an old unresolved connect is not waited for even if its pid is alive (it may be another process by now)', async t => {
	const world = new FakeWorld(async () => [{ok: true}]);
	const closer = worldCloser(world);
	// Our own pid stands for a live process that is not a PowerShell child; the intent is a day old.
	const journal = memoryJournal([], [{intentId: 'i-old', tenantId: 't1', startedAt: new Date(Date.now() - 86_400_000).toISOString(), pid: 2 ** 22 + 31, workerPid: process.pid}]);
	const subject = make(world, {journal, closer, timeouts: {connectMs: 120_000}});
	await subject.closeLeftovers();
	t.deepEqual(await journal.unresolved(), []);
	t.deepEqual(journal.struckWith, ['written off']);
	await subject.shutdown();
});

test('each call asks for a token that outlives its connect and call deadlines', async t => {
	const asked: Array<number | undefined> = [];
	const world = new FakeWorld(async () => [{ok: true}]);
	const subject = new Supervisor({
		powershell: world.port(),
		auth: {token: async (_resource, tenantId, options) => (asked.push(options?.minValidityMs), `token-for-${tenantId}`)},
		timeouts: {connectMs: 1000, callMs: 7000},
	});
	await subject.run(call(tenants[0]!));
	// Asked as the turn is sent, and again at its go (served from memory when still valid that long).
	t.true(asked.length > 0);
	t.deepEqual(asked, asked.map(() => 8000));
	await subject.shutdown();
});

test('the exit deadline follows from the step deadlines, not a guess', t => {
	const world = new FakeWorld(async () => []);
	const subject = new Supervisor({powershell: world.port(), auth, killGraceMs: 1000, timeouts: {stopMs: 5000, disconnectMs: 10_000, closeMs: 5000}});
	t.is(subject.exitDeadlineMs(), 5000 + 10_000 + 5000 + 500 + 1000 + 500 + 5000 + 1000);
});
