// The console on a state disk that fills mid-run (a real 160 kB tmpfs, the embedded sandbox, the
// real controller and adapters): new tenants stop, running ones finish, one line names the run
// folder and the cause, and quitting exits with the storage code (5) as a headless run does; a
// read-only state folder stops the run before it starts, and quitting exits 5 too.
// Mounting needs root: elsewhere it skips with the reason (fails under TENANTDECK_REQUIRE_TMPFS=1).
import {mkdir, mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {productionDeps} from '../../source/app/controller-deps.js';
import {createController} from '../../source/app/controller.js';
import {initialAppState, type AppState} from '../../source/app/state/app-state.js';
import {createStore, type Store} from '../../source/app/store.js';
import {exitCodes} from '../../source/core/exit-codes.js';
import {resetTeardownForTests} from '../../source/core/teardown.js';
import {mountTmpfs, testWithTmpfs} from '../helpers/tmpfs.js';

/** Waits on store changes (no polling interval to tune); the deadline only bounds a broken run. */
function when(store: Store, check: (state: AppState) => boolean, what: string, timeoutMs = 90_000): Promise<AppState> {
	return new Promise((resolve, reject) => {
		if (check(store.getState())) return resolve(store.getState());
		const timer = setTimeout(() => {
			stop();
			reject(new Error(`timed out waiting for ${what}; screen is ${store.getState().screen}, notice: ${store.getState().notice?.text}`));
		}, timeoutMs);
		const stop = store.subscribe(() => {
			if (!check(store.getState())) return;
			clearTimeout(timer);
			stop();
			resolve(store.getState());
		});
	});
}

testWithTmpfs('a state disk that fills mid-run in the console: no new tenants, running ones finish, one line naming the folder, exit 5', async t => {
	const state = await mountTmpfs(t, '160k');
	const home = await mkdtemp(join(tmpdir(), 'td-home-'));
	const env = {HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), XDG_STATE_HOME: state, TENANTDECK_SANDBOX_TENANTS: '60'};
	// Four at once, from the profile (the console has no flag for it): only those can fail when the disk fills.
	await mkdir(join(home, 'config', 'tenantdeck'), {recursive: true});
	await writeFile(join(home, 'config', 'tenantdeck', 'profile.json'), JSON.stringify({clientId: 'practice', concurrency: 4}));
	const store = createStore(initialAppState());
	const controller = createController(store, {sandbox: true, env}, productionDeps());
	t.teardown(() => resetTeardownForTests());
	controller.start();
	await when(store, current => current.tenantsPhase === 'ready', 'the tenant list');
	t.is(store.getState().picker.tenants.length, 60);
	controller.picker({type: 'toggle-all-visible'});
	controller.continueToOperations();
	controller.operationsMove(store.getState().operations.findIndex(operation => operation.id === 'users-list'));
	controller.chooseOperation();
	controller.submitParams();
	const stopped = await when(store, current => current.run?.summary !== undefined && /Stopped early/.test(current.notice?.text ?? ''), 'the run to stop early');

	const notice = stopped.notice!;
	t.is(notice.tone, 'danger');
	t.false(notice.text.includes('\n'), 'one line');
	t.regex(notice.text, new RegExp(`Cannot write to ${state}/tenantdeck/sandbox/runs/\\S+: the disk is full \\(ENOSPC\\)`));
	t.regex(notice.text, /(\d+) done, (\d+) not started\.$/);
	const statuses = stopped.run!.tenants.map(tenant => tenant.status);
	const count = (status: string) => statuses.filter(value => value === status).length;
	t.true(count('succeeded') > 0, statuses.join(' '));
	t.true(count('cancelled') > 0, 'tenants not yet started when the disk filled are never started');
	t.true(count('failed') <= 4, 'only tenants already running when the disk filled can fail');
	t.is(count('succeeded') + count('failed') + count('cancelled'), 60);

	controller.requestQuit('key');
	t.is(await controller.exited, exitCodes.storage);
});

testWithTmpfs('a read-only state folder in the console: the run does not start, one line naming the folder, exit 5', async t => {
	const state = await mountTmpfs(t, '64k', true);
	const home = await mkdtemp(join(tmpdir(), 'td-home-'));
	const env = {HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), XDG_STATE_HOME: state, TENANTDECK_SANDBOX_TENANTS: '3'};
	const store = createStore(initialAppState());
	const controller = createController(store, {sandbox: true, env}, productionDeps());
	t.teardown(() => resetTeardownForTests());
	controller.start();
	await when(store, current => current.tenantsPhase === 'ready', 'the tenant list');
	controller.picker({type: 'toggle-all-visible'});
	controller.continueToOperations();
	controller.operationsMove(store.getState().operations.findIndex(operation => operation.id === 'users-list'));
	controller.chooseOperation();
	controller.submitParams();
	const refused = await when(store, current => current.notice?.tone === 'danger', 'the refusal');
	t.regex(refused.notice!.text, new RegExp(`^Cannot write to ${state}/tenantdeck/sandbox\\S*: the file system is read-only \\(EROFS\\)\\.`));
	t.false(refused.notice!.text.includes('\n'), 'one line');
	t.is(refused.run, undefined, 'no run started');

	controller.requestQuit('key');
	t.is(await controller.exited, exitCodes.storage);
});
