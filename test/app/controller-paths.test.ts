// The controller's smaller paths: saved groups, a tenant's rows, and the session supervisor.

import test from 'ava';
import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {productionDeps, type SessionSource} from '../../source/app/controller-deps.js';
import {runCleanups} from '../../source/core/teardown.js';
import {parseRunbook} from '../../source/core/runbook.js';
import {pickAndRun, setup, toTenants, until} from './controller-setup.js';
import {readOp, tenants} from './fixtures.js';

test.serial('the supervisor feeds sessions in use, warms up for Exchange operations, and is let go on quit', async t => {
	const listeners = new Set<(status: {busy: number; warming: number; idle: number; max: number}) => void>();
	let warmed = 0;
	let warmedFor: number | undefined;
	const supervisor: SessionSource = {
		status: () => ({busy: 0, warming: 0, idle: 0, max: 3}),
		onStatus: listener => {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		warm: tenants => {
			warmed++;
			warmedFor = tenants;
		},
	};
	const {store, controller} = await setup(t, {supervisor});
	await toTenants(store, controller);
	t.deepEqual(store.getState().sessions, {busy: 0, warming: 0, idle: 0, max: 3});
	for (const listener of listeners) listener({busy: 2, warming: 1, idle: 0, max: 3});
	t.deepEqual(store.getState().sessions, {busy: 2, warming: 1, idle: 0, max: 3});
	store.dispatch({type: 'operations-loaded', operations: [readOp, {...readOp, id: 'mailboxes', backend: 'exchange'}]});
	controller.picker({type: 'toggle'});
	controller.continueToOperations();
	controller.chooseOperation();
	t.is(warmed, 0, 'Graph operations start no PowerShell');
	controller.back();
	controller.operationsMove(1);
	controller.chooseOperation();
	t.is(warmed, 1);
	t.is(warmedFor, 1, 'as many processes as tenants selected, when fewer than the connections');
	controller.requestQuit('key');
	await controller.exited;
	t.is(listeners.size, 0);
});

test.serial('saved groups: name a selection, find it in groups.json, reuse it later', async t => {
	const {store, controller, folders} = await setup(t);
	await toTenants(store, controller);
	controller.startGroupName();
	t.regex(store.getState().notice?.text ?? '', /Select some tenants first/);
	controller.picker({type: 'toggle'});
	controller.picker({type: 'move', to: 1});
	controller.picker({type: 'toggle'});
	controller.startGroupName();
	controller.editGroupName('bad name!');
	controller.saveGroup();
	await until(store, state => /a group name is up to 64 letters/.test(state.notice?.text ?? ''), 'the name check');
	controller.editGroupName('retail');
	controller.saveGroup();
	await until(store, state => state.groupName === undefined, 'the save');
	t.regex(store.getState().notice?.text ?? '', /--tenants @retail/);
	const saved = JSON.parse(await readFile(join(folders.config, 'groups.json'), 'utf8')) as Record<string, string[]>;
	t.deepEqual(saved['retail'], tenants(2).map(tenant => tenant.tenantId));
	controller.picker({type: 'none'});
	controller.openGroups();
	controller.useGroup('replace');
	t.is(store.getState().picker.selected.size, 2);
	t.is(store.getState().groupsCursor, undefined);
});

test.serial('Enter on a tenant in the run opens its rows', async t => {
	const {store, controller} = await setup(t);
	await toTenants(store, controller);
	pickAndRun(controller, 'all');
	await until(store, state => state.run?.finishedAt !== undefined, 'the run');
	controller.runMove(2);
	controller.openTenantRows();
	const rows = await until(store, state => state.screen === 'tenant-rows', 'the tenant rows');
	t.is(rows.tenantRows?.tenantName, 'Customer 0002');
	t.deepEqual(rows.tenantRows?.rows.map(row => row['name']), ['Customer 0002 thing 0', 'Customer 0002 thing 1']);
	controller.back();
	t.is(store.getState().screen, 'run');
});

test.serial('teardown run from elsewhere (a signal handler) stops a live run before closing the connection', async t => {
	const order: string[] = [];
	const slow = {...readOp, async *run({signal}: {signal: AbortSignal}) {
		await new Promise<void>(resolve => signal.addEventListener('abort', () => resolve(), {once: true}));
		order.push('tenant stopped');
		throw new Error('aborted');
	}};
	const {store, controller, closed} = await setup(t);
	await toTenants(store, controller);
	store.dispatch({type: 'operations-loaded', operations: [slow]});
	pickAndRun(controller, 'one');
	await until(store, state => state.run?.tenants[0]?.status === 'running', 'the run');
	const watch = setInterval(() => {
		if (closed.length > 0 && !order.includes('closed')) order.push('closed');
	}, 1);
	await runCleanups();
	clearInterval(watch);
	if (closed.length > 0 && !order.includes('closed')) order.push('closed');
	t.deepEqual(order, ['tenant stopped', 'closed']);
	await until(store, state => state.run?.finishedAt !== undefined, 'the run to end');
	t.is(store.getState().run?.tenants[0]?.status, 'cancelled');
});

test.serial('b saves the finished run as a runbook that the headless run can replay, in the connection\'s folder (practice keeps its own)', async t => {
	const {store, controller, folders, connectionFolders} = await setup(t, {practiceFolders: true});
	await toTenants(store, controller);
	pickAndRun(controller, 'all');
	const done = await until(store, state => state.run?.finishedAt !== undefined, 'the run');
	controller.saveRunbook();
	const saved = await until(store, state => state.notice?.text.startsWith('Saved as a runbook') === true, 'the runbook notice');
	const path = /runbook: (\S+)\./.exec(saved.notice!.text)![1]!;
	t.true(path.startsWith(join(connectionFolders.config, 'runbooks')), path);
	t.false(existsSync(join(folders.config, 'runbooks')), 'nothing in the user\'s own runbooks folder');
	const runbook = parseRunbook(await readFile(path, 'utf8'), path);
	t.is(runbook.operation, done.operation!.id);
	t.deepEqual(runbook.tenants, done.run!.tenants.map(row => row.tenant.tenantDomain));
});

test.serial('a broken custom operation file is named on the picker instead of vanishing silently', async t => {
	const {store, controller} = await setup(t, {problems: ['/cfg/operations/broken.ps1:3: unknown field "titel" (did you mean "title"?)']});
	const ready = await toTenants(store, controller);
	t.is(ready.notice?.tone, 'danger');
	t.regex(ready.notice?.text ?? '', /^Skipped 1 custom operation file: \/cfg\/operations\/broken\.ps1:3: unknown field/);
});

test.serial('the console runs as wide as the profile says, through the same launcher as headless', async t => {
	let inFlight = 0;
	let peak = 0;
	let started = 0;
	// A tenant alone waits for the next to start (a 5 ms sleep let one finish before the next began on
	// a loaded machine, and the peak read 1); the 10 s guard only ends a wait nobody answers (width 1).
	const waiting: Array<() => void> = [];
	const slow = {...readOp, async *run() {
		started++;
		inFlight++;
		peak = Math.max(peak, inFlight);
		for (const release of waiting.splice(0)) release();
		if (inFlight < 2 && started < 8) await new Promise<void>(resolve => {
			waiting.push(resolve);
			setTimeout(resolve, 10_000).unref();
		});
		await new Promise(resolve => setImmediate(resolve));
		inFlight--;
		yield {name: 'x', size: 1};
	}};
	const {store, controller, folders} = await setup(t, {list: async () => tenants(8)});
	await mkdir(folders.config, {recursive: true});
	await writeFile(join(folders.config, 'profile.json'), JSON.stringify({clientId: 'x', concurrency: 2}));
	await toTenants(store, controller);
	store.dispatch({type: 'operations-loaded', operations: [slow]});
	pickAndRun(controller, 'all');
	const done = await until(store, state => state.run?.finishedAt !== undefined, 'the run');
	t.is(done.run?.summary?.succeeded, 8);
	t.is(peak, 2);
});

test.serial("the console's supervisor keeps to the profile's maxSessions, as headless --max-sessions does", async t => {
	const home = await mkdtemp(join(tmpdir(), 'tenantdeck-sessions-'));
	t.teardown(() => rm(home, {recursive: true, force: true}));
	const env = {HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache')};
	await mkdir(join(home, 'config', 'tenantdeck'), {recursive: true});
	await writeFile(join(home, 'config', 'tenantdeck', 'profile.json'), JSON.stringify({clientId: 'practice', maxSessions: 2}));
	const connection = await productionDeps().openConnection({sandbox: true, env});
	t.teardown(() => connection.close());
	t.is(connection.supervisor?.status().max, 2);
});
