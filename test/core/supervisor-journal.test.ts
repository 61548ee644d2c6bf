// The supervisor's promises about what stays open, over fake PowerShell: a stop reaches the call in
// flight and the connection is still disconnected from its own process; a timed-out call is closed
// from outside so its slot serves the next tenant; a refused connect waits for a slot; the journal
// of open connections is written and struck, and what a dead tenantdeck left is closed at start.

import test from 'ava';
import type {ExchangeCall} from '../../source/core/ports.js';
import {Supervisor, type SupervisorOptions} from '../../source/core/supervisor.js';
import type {ConnectionCloser, ConnectionJournal, JournalEntry} from '../../source/core/supervisor-ports.js';
import type {Tenant} from '../../source/core/tenant.js';
import {FakeWorld} from './supervisor-fakes.js';

const tenants: Tenant[] = Array.from({length: 6}, (_, index) => ({tenantId: `t${index}`, tenantDomain: `t${index}.example`, tenantName: `T${index}`, source: 'gdap'}));
const auth = {token: async (_resource: string, tenantId?: string) => `token-for-${tenantId}`};
const call = (tenant: Tenant, extra: Partial<ExchangeCall> = {}): ExchangeCall => ({tenant, commands: ['Get-Mailbox'], script: 'rows', args: {}, ...extra});

function memoryJournal(initial: JournalEntry[] = []): ConnectionJournal & {entries: Map<string, JournalEntry>; struckWith: string[]} {
	const entries = new Map(initial.map(entry => [entry.connectionId, entry]));
	const struckWith: string[] = [];
	return {
		entries,
		struckWith,
		async opened(entry) {
			entries.set(entry.connectionId, entry);
		},
		async struck(connectionId, reason) {
			entries.delete(connectionId);
			struckWith.push(reason);
		},
		async unstruck() {
			return [...entries.values()];
		},
	};
}

/** Closes a connection in the fake world from outside, as the sandbox closer does on the service. */
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

test('each call asks for a token that outlives its connect and call deadlines', async t => {
	const asked: Array<number | undefined> = [];
	const world = new FakeWorld(async () => [{ok: true}]);
	const subject = new Supervisor({
		powershell: world.port(),
		auth: {token: async (_resource, tenantId, options) => (asked.push(options?.minValidityMs), `token-for-${tenantId}`)},
		timeouts: {connectMs: 1000, callMs: 7000},
	});
	await subject.run(call(tenants[0]!));
	t.deepEqual(asked, [8000]);
	await subject.shutdown();
});

test('the exit deadline follows from the step deadlines, not a guess', t => {
	const world = new FakeWorld(async () => []);
	const subject = new Supervisor({powershell: world.port(), auth, killGraceMs: 1000, timeouts: {stopMs: 5000, disconnectMs: 10_000, closeMs: 5000}});
	t.is(subject.exitDeadlineMs(), 5000 + 10_000 + 5000 + 500 + 1000 + 500 + 5000 + 1000);
});
