// Failures first and results that read as an answer, as an admin sees them at 60×20 and 80×24:
// the app view over a real store, keys typed into it, the run and results reducers doing the work.

import test, {type ExecutionContext} from 'ava';
import React from 'react';
import {render} from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import {AppView} from '../../source/app/app.js';
import type {Intents} from '../../source/app/screens/screen-props.js';
import {selectedRun} from '../../source/app/state/run-state.js';
import {createStore, useAppState, type Store} from '../../source/app/store.js';
import type {AnyOperation, Row} from '../../source/core/operation.js';
import {passwordNeverExpiresSet} from '../../source/core/operations/password-never-expires-set.js';
import type {RunEvent} from '../../source/core/run-events.js';
import {given, readOp, stateWith, tenants, tick} from './fixtures.js';

const list = tenants(531);
const broken = [list[120]!, list[310]!, list[498]!];
const cause = {kind: 'forbidden' as const, message: 'The user \'admin@northwindpartners.onmicrosoft.com\' has no GDAP role in this customer that allows reading its organization.', hint: 'Ask the customer to add Global Reader to the relationship, or run "tenantdeck doctor --op tenant-info".'};

/** A run of 531 tenants, still going: 3 failed, the rest done except a few. */
function liveRun() {
	const batch: RunEvent[] = list.slice(0, 520).map((tenant, index): RunEvent => broken.includes(tenant)
		? {type: 'failed', tenant, failure: cause, rows: 0, durationMs: 300, at: 10}
		: {type: 'succeeded', tenant, rows: 2, durationMs: 200 + index, at: 10});
	return stateWith(
		given({screen: 'run', operation: readOp}),
		{type: 'run', action: {type: 'run-started', generation: 1, operationId: 'tenant-info', title: 'Tenant info', tenants: list, at: Date.now() - 5000}},
		{type: 'run', action: {type: 'run-events', generation: 1, events: batch}},
	);
}

/** The app view over a store: the view's own keys go through the reducers, the rest are recorded. */
function live(t: ExecutionContext, store: Store, width: number, rows: number) {
	const calls: string[] = [];
	const intents = new Proxy({}, {
		get: (_target, name) => (...args: unknown[]) => {
			calls.push(String(name));
			if (name === 'runView') store.dispatch({type: 'run', action: args[0] as never});
			if (name === 'runMove') store.dispatch({type: 'run', action: {type: 'run-move', to: args[0] as number}});
			if (name === 'table') store.dispatch({type: args[0] as 'results', action: args[1] as never});
		},
	}) as Intents;
	function Live(): React.JSX.Element {
		const state = useAppState(store);
		return <AppView state={state} getState={store.getState} intents={intents} configFolder="/home/ann/.config/tenantdeck" width={width} height={rows - 1} />;
	}
	const view = render(<Live />);
	t.teardown(view.unmount);
	const frame = () => stripAnsi(view.lastFrame() ?? '');
	const press = async (...keys: string[]) => {
		for (const key of keys) {
			view.stdin.write(key);
			await tick();
		}
	};
	const fits = (what: string) => {
		const lines = frame().split('\n');
		t.true(lines.length <= rows - 1, `${what}: ${lines.length} lines at ${width}×${rows}`);
		t.true(lines.every(line => line.length <= width), `${what}: a line is wider than ${width}`);
	};
	return {frame, press, calls, fits, unmount: view.unmount};
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

for (const [width, rows] of [[60, 20], [80, 24]] as const) {
	test.serial(`${width}×${rows}: 3 failures of 531 are counted in the header, listed first, and the cause shows in full`, async t => {
		const store = createStore(liveRun());
		const screen = live(t, store, width, rows);
		const frame = screen.frame();
		t.regex(frame, /520\/531 · 3 failed \(r retries\)/, 'the header says how many failed and how to retry, while the run is live');
		const tableLines = frame.split('\n').filter(line => /Customer \d{4} +(failed|done)/.test(line));
		t.deepEqual(tableLines.slice(0, 3).map(line => /Customer \d{4}/.exec(line)![0]), broken.map(tenant => tenant.tenantName), 'failures first');
		t.true(flat(frame).includes(`${broken[0]!.tenantName} (${broken[0]!.tenantDomain}) failed: ${cause.message} ${cause.hint}`), `the whole cause, wrapped:\n${frame}`);
		screen.fits('the run view');
		screen.unmount();
	});

	test.serial(`${width}×${rows}: f jumps to the next failure, t shows only the failed, / finds by cause`, async t => {
		const store = createStore(liveRun());
		const screen = live(t, store, width, rows);
		await screen.press('s');
		t.is(store.getState().run?.view.sort, 'name', 's sorts by name: the failures are now far down the list');
		t.notRegex(screen.frame(), /failed:/, 'no failure under the cursor');
		await screen.press('f');
		t.is(selectedRun(store.getState().run!)?.tenant.tenantId, broken[0]!.tenantId, 'one key reaches the first failure');
		t.true(flat(screen.frame()).includes(`${broken[0]!.tenantName} (${broken[0]!.tenantDomain}) failed: ${cause.message}`), screen.frame());
		await screen.press('f');
		t.is(selectedRun(store.getState().run!)?.tenant.tenantId, broken[1]!.tenantId);
		await screen.press('t');
		const failedOnly = screen.frame();
		t.regex(failedOnly, /3 failed of 531/);
		t.deepEqual(failedOnly.match(/Customer \d{4}(?= +failed)/g), broken.map(tenant => tenant.tenantName), 'exactly the three');
		t.notRegex(failedOnly, /Customer \d{4} +done/);
		screen.fits('failed only');
		await screen.press('t', 't', 't', '/');
		t.true(store.getState().run?.editingFilter, '/ opens the filter');
		await screen.press('Global', '\r');
		t.regex(screen.frame(), /3 of 531 matching "Global"/);
		t.deepEqual(screen.frame().match(/Customer \d{4}(?= +failed)/g), broken.map(tenant => tenant.tenantName));
		t.false(screen.calls.includes('requestQuit'), 'letters typed into the filter are not keys');
		screen.unmount();
	});
}

function results(operation: AnyOperation, rows: Row[], tenantRows = false) {
	const action = {type: 'results-loaded' as const, declared: operation.columns, rows, total: rows.length, ...(tenantRows ? {tenantName: list[0]!.tenantName, tenantId: list[0]!.tenantId} : {})};
	return stateWith(
		given({screen: tenantRows ? 'tenant-rows' : 'results', operation}),
		{type: 'run', action: {type: 'run-started', generation: 1, operationId: operation.id, title: operation.title, tenants: list.slice(0, 3), at: 0}},
		tenantRows ? {type: 'tenant-rows', action} : {type: 'results', action},
	);
}

const changes: Row[] = list.slice(0, 3).flatMap(tenant => ['alice.brown', 'oscar.roberts'].map(user => ({
	tenantId: tenant.tenantId, tenantDomain: tenant.tenantDomain, tenantName: tenant.tenantName,
	target: `${user}@${tenant.tenantDomain}`, property: 'passwordPolicies', before: 'None', after: 'DisablePasswordExpiration', result: 'would change',
})));

test.serial('80×24 results of a write: its target first, its result on screen, the tenant a narrow name; i adds domain and id', async t => {
	const store = createStore(results(passwordNeverExpiresSet, changes));
	const screen = live(t, store, 80, 24);
	const header = screen.frame().split('\n')[2]!;
	t.regex(header, /^target +result /, header);
	t.regex(screen.frame(), /\nalice\.brown@customer0\.onm… +would change +passwordPolicies/);
	t.notRegex(header, /tenantDomain|tenantId/);
	screen.fits('results');
	await screen.press('i');
	t.deepEqual(store.getState().results?.columns.slice(-3), ['tenantName', 'tenantDomain', 'tenantId']);
	t.regex(screen.frame().split('\n')[2]!, /^target +result /, 'the answer stays first');
	screen.unmount();
});

test.serial('one tenant\'s rows have no tenant columns, and e exports them', async t => {
	const store = createStore(results(readOp, [{tenantId: list[0]!.tenantId, tenantDomain: list[0]!.tenantDomain, tenantName: list[0]!.tenantName, name: 'thing 0', size: 1}], true));
	const screen = live(t, store, 80, 24);
	const frame = screen.frame();
	t.regex(frame, /Rows of Customer 0000/);
	t.regex(frame.split('\n')[2]!, /^name +size\s*$/);
	t.notRegex(frame, /tenantName|onmicrosoft/);
	await screen.press('e');
	t.regex(screen.frame(), /Export the row of this tenant as: c CSV/);
	await screen.press('c');
	t.deepEqual(screen.calls.slice(-1), ['exportAs']);
	screen.unmount();
});
