// The big-run case from the sandbox over real HTTP and real MSAL: 531 customers, three of them
// without a GDAP role (the sandbox's forbidden-tenants knob). The console's run view lists those
// three first, one key reaches a failure, the failed-only view holds exactly them, the cause is
// whole at 60×20, and the results put tenant-info's own columns first.

import test from 'ava';
import React from 'react';
import {render} from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import {AppView} from '../../source/app/app.js';
import {createController} from '../../source/app/controller.js';
import {productionDeps} from '../../source/app/controller-deps.js';
import {initialAppState, type AppState} from '../../source/app/state/app-state.js';
import {runCounts, runReducer, selectedRun, viewOf} from '../../source/app/state/run-state.js';
import {createStore} from '../../source/app/store.js';
import {resetTeardownForTests} from '../../source/core/teardown.js';
import {startSandbox} from '../../source/sandbox/server.js';
import {tempEnv} from '../helpers/headless.js';
import {recordingIntents} from './fixtures.js';

async function until(read: () => AppState, check: (state: AppState) => boolean, what: string): Promise<AppState> {
	for (let waited = 0; waited < 120_000; waited += 20) {
		if (check(read())) return read();
		await new Promise(resolve => setTimeout(resolve, 20));
	}
	throw new Error(`timed out waiting for ${what}; screen is ${read().screen}, notice ${read().notice?.text}`);
}

function frameOf(state: AppState, width: number, rows: number): string {
	const view = render(<AppView state={state} intents={recordingIntents().intents} configFolder="/x" width={width} height={rows - 1} />);
	const frame = stripAnsi(view.lastFrame() ?? '');
	view.unmount();
	return frame;
}

test('531 sandbox tenants, 3 without a role: failures first, one key away, and the cause in full at 60×20', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 531});
	t.teardown(() => sandbox.stop());
	t.teardown(() => resetTeardownForTests());
	const customers = sandbox.context.world.customers;
	const blocked = [customers[77]!, customers[260]!, customers[444]!];
	const knob = await fetch(`${sandbox.url}/_sandbox/knobs`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({forbiddenTenants: blocked.map(customer => customer.defaultDomain)})});
	t.is(knob.status, 200);

	const store = createStore(initialAppState());
	const controller = createController(store, {sandbox: true, sandboxUrl: sandbox.url, env: await tempEnv()}, productionDeps());
	controller.start();
	await until(store.getState, state => state.tenantsPhase === 'ready', 'the tenant list');
	t.is(store.getState().picker.tenants.length, 531);
	controller.picker({type: 'toggle-all-visible'});
	controller.continueToOperations();
	controller.operationsMove(store.getState().operations.findIndex(operation => operation.id === 'tenant-info'));
	controller.chooseOperation();
	controller.submitParams();
	const done = await until(store.getState, state => state.run?.finishedAt !== undefined, 'the run of 531 tenants');
	const run = done.run!;
	t.is(runCounts(run).failed, 3);

	const blockedDomains = blocked.map(customer => customer.defaultDomain).sort();
	t.deepEqual(viewOf(run).rows.slice(0, 3).map(row => row.tenant.tenantDomain).sort(), blockedDomains, 'the three failures lead the list');
	const byName = runReducer(runReducer(run, {type: 'run-sort'}), {type: 'run-move', to: 0});
	const jumped = runReducer(byName, {type: 'run-next-failure'});
	t.true(blockedDomains.includes(selectedRun(jumped)!.tenant.tenantDomain), 'f reaches a failure from the top of the name-sorted list');
	const failedOnly = runReducer(run, {type: 'run-status-filter'});
	t.deepEqual(viewOf(failedOnly).rows.map(row => row.tenant.tenantDomain).sort(), blockedDomains, 'failed only: exactly the three');

	const failure = selectedRun(run)!.failure!;
	t.truthy(failure.hint);
	const frame = frameOf(done, 60, 20);
	t.regex(frame, /531\/531 · 3 failed \(r retries\)/);
	const flat = frame.replace(/\s+/g, ' ');
	t.true(flat.includes(`${failure.message} ${failure.hint}`.replace(/\s+/g, ' ')), `the whole cause at 60×20:\n${frame}`);
	t.true(frame.split('\n').every(line => line.length <= 60));

	controller.openResults();
	const results = await until(store.getState, state => state.screen === 'results', 'the results');
	t.deepEqual(results.results!.columns.slice(0, 2), ['displayName', 'country'], 'tenant-info\'s own columns first');
	t.regex(frameOf(results, 80, 24).split('\n')[2]!, /^displayName +country/);
	controller.requestQuit('signal');
	await controller.exited;
});
