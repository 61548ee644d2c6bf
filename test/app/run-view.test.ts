// The run table's sort, filters and failure jump, as reducer actions over 531 tenants with three
// failures (the case that hid failures: no sort, no filter, no jump).
import test from 'ava';
import type {RunEvent} from '../../source/core/run-events.js';
import {createRunState, cursorIn, runReducer, selectedRun, viewOf, type RunAction, type RunState} from '../../source/app/state/run-state.js';
import {runView} from '../../source/app/state/run-view.js';
import {tenants} from './fixtures.js';

const list = tenants(531);
const broken = [list[120]!, list[310]!, list[498]!];
const cause = {kind: 'forbidden' as const, message: 'The user \'admin@northwindpartners.onmicrosoft.com\' has no GDAP role in this customer that allows reading its organization.', hint: 'Ask the customer to add Global Reader to the relationship.'};
const events = (...batch: RunEvent[]): RunAction => ({type: 'run-events', generation: 1, events: batch});
const apply = (state: RunState, ...actions: RunAction[]) => actions.reduce(runReducer, state);

function finishedRun(): RunState {
	const state = createRunState({type: 'run-started', generation: 1, operationId: 'tenant-info', title: 'Tenant info', tenants: list, at: 0});
	return runReducer(state, events(...list.map((tenant, index): RunEvent => broken.includes(tenant)
		? {type: 'failed', tenant, failure: cause, rows: 0, durationMs: 100 + index, at: 10}
		: {type: 'succeeded', tenant, rows: 1, durationMs: 100 + index, at: 10})));
}

const ids = (state: RunState) => viewOf(state).rows.map(row => row.tenant.tenantId);
const brokenIds = broken.map(tenant => tenant.tenantId);

test('failures come first by default, so the first screen shows them and the cursor is on the first', t => {
	const state = finishedRun();
	t.deepEqual(ids(state).slice(0, 3), brokenIds);
	t.is(ids(state).length, 531);
	t.is(selectedRun(state)?.tenant.tenantId, brokenIds[0]);
});

test('f jumps to the next failure from wherever the cursor is, and wraps round', t => {
	let state = apply(finishedRun(), {type: 'run-sort'});
	t.is(state.view.sort, 'name', 'by name the failures are spread through the list');
	state = apply(state, {type: 'run-move', to: 200});
	const visited: string[] = [];
	for (let press = 0; press < 4; press++) {
		state = apply(state, {type: 'run-next-failure'});
		visited.push(selectedRun(state)!.tenant.tenantId);
	}
	t.deepEqual(visited, [brokenIds[1], brokenIds[2], brokenIds[0], brokenIds[1]]);
});

test('t cycles the status filter: failed shows exactly the three, then running, then done, then all', t => {
	let state = apply(finishedRun(), {type: 'run-status-filter'});
	t.is(state.view.status, 'failed');
	t.deepEqual(ids(state), brokenIds);
	state = apply(state, {type: 'run-status-filter'});
	t.is(state.view.status, 'running');
	t.is(ids(state).length, 0);
	state = apply(state, {type: 'run-status-filter'});
	t.is(ids(state).length, 528);
	state = apply(state, {type: 'run-status-filter'});
	t.is(state.view.status, 'all');
	t.is(ids(state).length, 531);
});

test('/ filters by name, domain, id and the failure cause; Esc clears it', t => {
	let state = apply(finishedRun(), {type: 'run-filter-edit'});
	t.true(state.editingFilter);
	state = apply(state, {type: 'run-filter-set', text: 'GDAP global'});
	t.deepEqual(ids(state), brokenIds);
	state = apply(state, {type: 'run-filter-set', text: 'customer310.onmicrosoft'});
	t.deepEqual(ids(state), [list[310]!.tenantId]);
	state = apply(state, {type: 'run-filter-keep'});
	t.false(state.editingFilter);
	t.is(ids(state).length, 1, 'Enter keeps the filter');
	state = apply(state, {type: 'run-filter-clear'});
	t.is(ids(state).length, 531);
});

test('f still reaches a failure when the filters hide them all: it lifts the filters', t => {
	const state = apply(finishedRun(), {type: 'run-status-filter'}, {type: 'run-status-filter'}, {type: 'run-status-filter'}, {type: 'run-next-failure'});
	t.is(state.view.status, 'all');
	t.true(brokenIds.includes(selectedRun(state)!.tenant.tenantId));
});

test('f does nothing when nothing failed', t => {
	const state = createRunState({type: 'run-started', generation: 1, operationId: 'x', title: 'X', tenants: list.slice(0, 5), at: 0});
	t.is(runReducer(state, {type: 'run-next-failure'}), state);
});

test('the cursor follows its tenant when a failure arriving live re-sorts the rows', t => {
	let state = createRunState({type: 'run-started', generation: 1, operationId: 'x', title: 'X', tenants: list.slice(0, 10), at: 0});
	state = apply(state, {type: 'run-move', to: 4});
	const focused = selectedRun(state)!.tenant.tenantId;
	state = apply(state, events({type: 'failed', tenant: list[7]!, failure: cause, rows: 0, durationMs: 1, at: 1}));
	t.is(ids(state)[0], list[7]!.tenantId, 'the failure went to the top');
	t.is(selectedRun(state)!.tenant.tenantId, focused, 'the cursor stayed on its tenant');
	t.is(cursorIn(state), 5);
});

test('s cycles failures first → name → longest first; running tenants lead the longest-first sort', t => {
	let state = createRunState({type: 'run-started', generation: 1, operationId: 'x', title: 'X', tenants: list.slice(0, 4), at: 0});
	state = apply(state, events(
		{type: 'succeeded', tenant: list[0]!, rows: 1, durationMs: 100, at: 1},
		{type: 'succeeded', tenant: list[1]!, rows: 1, durationMs: 900, at: 1},
		{type: 'running', tenant: list[2]!, at: 1},
	));
	state = apply(state, {type: 'run-sort'}, {type: 'run-sort'});
	t.is(state.view.sort, 'duration');
	t.deepEqual(ids(state), [list[2]!, list[1]!, list[0]!, list[3]!].map(tenant => tenant.tenantId));
	t.is(apply(state, {type: 'run-sort'}).view.sort, 'status');
});

test('the view is derived once per tenant list: moving the cursor over 5,000 tenants does not sort again', t => {
	const many = tenants(5000);
	const state = createRunState({type: 'run-started', generation: 1, operationId: 'x', title: 'X', tenants: many, at: 0});
	const first = viewOf(state);
	const moved = apply(state, {type: 'run-move', to: 4000});
	t.is(viewOf(moved), first, 'same tenants and options: the same view object');
	t.is(selectedRun(moved)?.tenant.tenantId, many[4000]!.tenantId);
	t.not(runView(state.tenants, {...state.view, sort: 'name'}), first);
});
