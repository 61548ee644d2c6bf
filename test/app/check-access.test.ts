// The tenant picker's access check (d): the preflight of `tenantdeck doctor`, for the selected
// tenants or all, through the real adapters against a sandbox with unconsented customers.
import test from 'ava';
import {createController} from '../../source/app/controller.js';
import {productionDeps} from '../../source/app/controller-deps.js';
import {initialAppState, type AppState} from '../../source/app/state/app-state.js';
import {createStore} from '../../source/app/store.js';
import {resetTeardownForTests} from '../../source/core/teardown.js';
import {startSandbox} from '../../source/sandbox/server.js';
import {tempEnv} from '../helpers/headless.js';

async function until(read: () => AppState, check: (state: AppState) => boolean, what: string): Promise<AppState> {
	for (let waited = 0; waited < 60_000; waited += 20) {
		if (check(read())) return read();
		await new Promise(resolve => setTimeout(resolve, 20));
	}
	throw new Error(`timed out waiting for ${what}; screen is ${read().screen}, notice ${read().notice?.text}`);
}

test('d in the tenant picker names the unconsented customers before anything runs', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 6, unconsentedTenants: ['2']});
	t.teardown(() => sandbox.stop());
	t.teardown(() => resetTeardownForTests());
	const store = createStore(initialAppState());
	const controller = createController(store, {sandbox: true, sandboxUrl: sandbox.url, env: await tempEnv()}, productionDeps());
	controller.start();
	await until(store.getState, state => state.tenantsPhase === 'ready', 'the tenant list');
	controller.checkAccess();
	const done = await until(store.getState, state => /^Access check:/.test(state.notice?.text ?? ''), 'the access check');
	t.is(done.notice?.tone, 'danger');
	t.regex(done.notice!.text, /2 of 6 tenants are not ready/);
	for (const customer of sandbox.context.world.customers.slice(0, 2)) t.true(done.notice!.text.includes(`${customer.defaultDomain}: The app is not consented in ${customer.defaultDomain}`), done.notice!.text);
	controller.requestQuit('signal');
	await controller.exited;
});
