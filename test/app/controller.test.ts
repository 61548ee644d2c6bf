// The controller with fake ports and real run folders in a temp dir: the whole console flow
// without a network, and its error paths.

import test from 'ava';
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {TenantdeckError} from '../../source/core/errors.js';
import {account, code, pickAndRun, setup, toTenants, until} from './controller-setup.js';
import {readOp, tenants, writeOp} from './fixtures.js';
import {defineOperation} from '../../source/core/operation.js';
import {viewOf} from '../../source/app/state/run-state.js';

test.serial('sandbox: sign in, pick tenants, run, see results, export CSV, quit through teardown', async t => {
	const {store, controller, folders, closed} = await setup(t);
	const state = await toTenants(store, controller);
	t.is(state.screen, 'tenants');
	t.is(state.account?.username, 'ann@partner.com');
	t.is(state.notice?.text, 'Signed in as ann@partner.com.');
	controller.picker({type: 'set-filter', filter: 'customer 0001'});
	controller.picker({type: 'toggle-all-visible'});
	controller.picker({type: 'clear-filter'});
	controller.picker({type: 'move', to: 5});
	controller.picker({type: 'toggle'});
	controller.continueToOperations();
	t.is(store.getState().screen, 'operations');
	controller.chooseOperation();
	t.is(store.getState().screen, 'params');
	controller.submitParams();
	const done = await until(store, current => current.run?.finishedAt !== undefined, 'the run');
	t.is(done.screen, 'run');
	t.deepEqual(done.run?.tenants.map(row => `${row.tenant.tenantName}: ${row.status}`), ['Customer 0001: succeeded', 'Customer 0005: succeeded']);
	t.regex(done.notice?.text ?? '', /Finished: 2 done, 4 rows/);
	controller.openResults();
	const results = await until(store, current => current.screen === 'results', 'results');
	t.is(results.results?.rows.length, 4);
	controller.exportAs('csv');
	const exported = await until(store, current => /^Exported/.test(current.notice?.text ?? ''), 'the export');
	const path = /to (.+)$/.exec(exported.notice!.text)![1]!;
	t.true(path.startsWith(join(folders.state, 'exports')));
	const csv = (await readFile(path, 'utf8')).trim().split('\r\n');
	t.is(csv[0], 'name,size,tenantName,tenantDomain,tenantId', 'the operation\'s columns first, as on screen');
	t.is(csv.length, 5);
	t.deepEqual(new Set(csv.slice(1).map(line => line.split(',')[2])), new Set(['Customer 0001', 'Customer 0005']));
	controller.requestQuit('key');
	t.is(await controller.exited, 0);
	t.deepEqual(closed, ['connection']);
});

test.serial('no profile and no --sandbox: the welcome screen; choosing the sandbox signs in', async t => {
	const {store, controller} = await setup(t, {sandbox: false});
	controller.start();
	await until(store, state => state.screen === 'welcome', 'welcome');
	controller.showSetup();
	t.is(store.getState().screen, 'setup');
	controller.back();
	t.is(store.getState().screen, 'welcome');
	controller.chooseSandbox();
	await until(store, state => state.screen === 'tenants', 'tenants');
	t.pass();
});

test.serial('a refused sign-in explains itself; retry signs in', async t => {
	let attempts = 0;
	const {store, controller} = await setup(t, {
		signIn: async ({onCode}) => {
			onCode(code);
			if (++attempts === 1) throw new TenantdeckError('auth', 'You declined the sign-in.', {hint: 'Start again and choose Accept.'});
			return account;
		},
	});
	controller.start();
	const failed = await until(store, state => state.signIn.phase === 'failed', 'the refusal');
	t.is(failed.screen, 'sign-in');
	t.is(failed.signIn.error, 'You declined the sign-in. Start again and choose Accept.');
	controller.retrySignIn();
	await until(store, state => state.screen === 'tenants', 'tenants');
	t.is(attempts, 2);
});

test.serial('Esc during sign-in cancels it', async t => {
	const {store, controller} = await setup(t, {
		signIn: ({onCode, signal}) => new Promise((_resolve, reject) => {
			onCode(code);
			signal?.addEventListener('abort', () => reject(new TenantdeckError('cancelled', 'Sign-in cancelled.')));
		}),
	});
	controller.start();
	await until(store, state => state.signIn.code !== undefined, 'the code');
	controller.cancelSignIn();
	await until(store, state => state.signIn.phase === 'cancelled', 'cancelled');
	t.pass();
});

test.serial('an expired sign-in while listing tenants goes back to sign-in with the reason', async t => {
	const {store, controller} = await setup(t, {cached: account, list: async () => {
		throw new TenantdeckError('auth', 'Your sign-in has expired.', {hint: 'Sign in again.'});
	}});
	controller.start();
	const state = await until(store, current => current.signIn.phase === 'failed', 'the expiry');
	t.is(state.screen, 'sign-in');
	t.is(state.signIn.error, 'Your sign-in has expired. Sign in again.');
});

test.serial('zero tenants is a ready, empty list; Enter explains that something must be selected', async t => {
	const {store, controller} = await setup(t, {list: async () => []});
	const state = await toTenants(store, controller);
	t.is(state.picker.tenants.length, 0);
	controller.continueToOperations();
	t.is(store.getState().screen, 'tenants');
	t.regex(store.getState().notice?.text ?? '', /Select at least one tenant/);
});

test.serial('every tenant failed, then r retries only the failed ones', async t => {
	const list = tenants(4).map((tenant, index) => (index % 2 ? {...tenant, tenantName: `Broken ${index}`} : tenant));
	const {store, controller} = await setup(t, {list: async () => list});
	await toTenants(store, controller);
	pickAndRun(controller, 'all');
	const first = await until(store, state => state.run?.finishedAt !== undefined, 'the run');
	t.deepEqual(first.run?.tenants.map(row => row.status), ['succeeded', 'failed', 'succeeded', 'failed']);
	t.is(first.run?.tenants[1]?.failure?.message, 'Access denied');
	controller.retryFailed();
	const second = await until(store, state => state.run?.generation === 2 && state.run.finishedAt !== undefined, 'the retry');
	t.deepEqual(second.run?.tenants.map(row => row.status), ['succeeded', 'failed', 'succeeded', 'failed']);
	t.true(second.run!.tenants[0]!.rows > 0, 'succeeded tenants keep their rows');
	controller.openResults();
	const results = await until(store, state => state.screen === 'results', 'results');
	t.is(results.results?.rows.length, 4, 'rows of both attempts: 2 tenants × 2 rows');
});

test.serial('a write asks for the count, refuses a wrong one, and offers a dry run', async t => {
	const {store, controller} = await setup(t);
	await toTenants(store, controller);
	controller.picker({type: 'toggle'});
	controller.picker({type: 'toggle'});
	controller.continueToOperations();
	controller.operationsMove(1);
	controller.chooseOperation();
	controller.submitParams();
	await until(store, state => state.screen === 'confirm', 'the confirmation');
	controller.editConfirm('3');
	controller.confirmGo();
	await until(store, state => /Type 2/.test(state.notice?.text ?? ''), 'the refusal');
	t.is(store.getState().screen, 'confirm');
	controller.dryRun();
	const dry = await until(store, state => state.run?.finishedAt !== undefined, 'the dry run');
	t.regex(dry.run?.title ?? '', /dry run/);
	controller.back();
	t.is(store.getState().screen, 'confirm');
	controller.editConfirm('yes');
	controller.confirmGo();
	const real = await until(store, state => state.run?.generation === 2 && state.run.finishedAt !== undefined, 'the change');
	t.notRegex(real.run?.title ?? '', /dry run/);
});

test.serial('q during a live run asks first; a signal does not', async t => {
	let release = () => {};
	const gate = new Promise<void>(resolve => {
		release = resolve;
	});
	const slow = {...readOp, async *run() {
		await gate;
		yield {name: 'late', size: 1};
	}};
	const {store, controller, closed} = await setup(t);
	await toTenants(store, controller);
	store.dispatch({type: 'operations-loaded', operations: [slow]});
	pickAndRun(controller, 'one');
	await until(store, state => state.run !== undefined, 'the run');
	controller.requestQuit('key');
	t.is(store.getState().overlay, 'quit-ask');
	controller.stayQuit();
	t.is(store.getState().overlay, undefined);
	controller.requestQuit('signal');
	release();
	t.is(await controller.exited, 130);
	t.deepEqual(closed, ['connection']);
});

test.serial('retrying a dry run\'s failed tenants stays a dry run', async t => {
	const modes: boolean[] = [];
	let calls = 0;
	const flaky = defineOperation({
		...writeOp, id: 'flaky-set',
		async * run({tenant, dryRun}) {
			modes.push(dryRun);
			if (++calls === 1) throw new TenantdeckError('throttled', 'Too many requests.');
			yield {target: tenant.tenantDomain, result: dryRun ? 'would change' : 'changed'};
		},
	});
	const {store, controller} = await setup(t, {operations: [flaky]});
	await toTenants(store, controller);
	pickAndRun(controller, 'one');
	await until(store, state => state.screen === 'confirm', 'the confirmation');
	controller.dryRun();
	const dry = await until(store, state => state.run?.finishedAt !== undefined, 'the dry run');
	t.deepEqual(dry.run?.tenants.map(row => row.status), ['failed']);
	controller.retryFailed();
	await until(store, state => state.run?.generation === 2 && state.run.finishedAt !== undefined, 'the retry');
	t.deepEqual(modes, [true, true], 'neither attempt wrote');
});

test.serial('a tenant that failed part-way and then succeeded on retry appears once in results and exports', async t => {
	let attempts = 0;
	const partial = defineOperation({
		...readOp, id: 'partial-list',
		async * run({tenant}) {
			yield {name: `${tenant.tenantName} first`};
			if (++attempts === 1) throw new TenantdeckError('throttled', 'Too many requests.');
			yield {name: `${tenant.tenantName} second`};
		},
	});
	const {store, controller, folders} = await setup(t, {operations: [partial]});
	await toTenants(store, controller);
	pickAndRun(controller, 'one');
	const first = await until(store, state => state.run?.finishedAt !== undefined, 'the run');
	t.deepEqual(first.run?.tenants.map(row => [row.status, row.rows]), [['failed', 1]], 'the partial row is kept with the failure');
	controller.retryFailed();
	await until(store, state => state.run?.generation === 2 && state.run.finishedAt !== undefined, 'the retry');
	controller.openResults();
	const results = await until(store, state => state.screen === 'results', 'results');
	t.deepEqual(results.results?.rows.map(row => row['name']), ['Customer 0000 first', 'Customer 0000 second']);
	controller.exportAs('json');
	const exported = await until(store, state => /^Exported/.test(state.notice?.text ?? ''), 'the export');
	const path = /to (.+)$/.exec(exported.notice!.text)![1]!;
	t.true(path.startsWith(folders.state));
	const rows = JSON.parse(await readFile(path, 'utf8')) as Array<{name: string}>;
	t.deepEqual(rows.map(row => row.name), ['Customer 0000 first', 'Customer 0000 second']);
});

test.serial('while a run is live: r retries its failed tenants in the same run, x cancels the tenant under the cursor alone', async t => {
	let release!: () => void;
	const held = new Promise<void>(resolve => (release = resolve));
	let brokenAttempts = 0;
	const live = defineOperation({
		...readOp,
		id: 'live-op',
		async * run({tenant, signal}) {
			if (tenant.tenantName === 'Stuck') await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
			if (tenant.tenantName === 'Flaky' && brokenAttempts++ === 0) throw new Error('Timed out');
			if (tenant.tenantName === 'Slow') await held;
			yield {name: tenant.tenantName, size: 1};
		},
	});
	const names = ['Flaky', 'Slow', 'Stuck'];
	const list = tenants(3).map((tenant, index) => ({...tenant, tenantName: names[index]!}));
	const {store, controller} = await setup(t, {operations: [live], list: async () => list});
	await toTenants(store, controller);
	pickAndRun(controller, 'all');
	await until(store, state => state.run?.tenants[0]?.status === 'failed', 'Flaky failing while Slow and Stuck run');
	controller.retryFailed();
	const retried = await until(store, state => state.run?.tenants[0]?.status === 'succeeded', 'Flaky retried in the live run');
	t.is(retried.run?.generation, 1, 'the same run, not a new one');
	t.is(retried.run?.finishedAt, undefined, 'the run is still going');
	// Positions are the view's: failures first, then running tenants, so Stuck is found by id.
	controller.runMove(viewOf(store.getState().run!).positionOf.get(list[2]!.tenantId)!);
	controller.cancelTenant();
	await until(store, state => state.run?.tenants[2]?.status === 'cancelled', 'Stuck cancelled alone');
	t.is(store.getState().run?.tenants[1]?.status, 'running', 'the others go on');
	release();
	const done = await until(store, state => state.run?.finishedAt !== undefined, 'the run');
	t.deepEqual(done.run?.tenants.map(row => row.status), ['succeeded', 'succeeded', 'cancelled']);
});
