import test from 'ava';
import type {RunEvent, RunSummary} from '../../source/core/run-events.js';
import {createRunState, failedInView, isRunLive, runCounts, runReducer, statusLabel, type RunAction, type RunState} from '../../source/app/state/run-state.js';
import {tenants} from './fixtures.js';

const list = tenants(4);
const [a, b, c, d] = list as [typeof list[0], typeof list[0], typeof list[0], typeof list[0]];
const started = (): RunState => createRunState({type: 'run-started', generation: 1, operationId: 'users-list', title: 'List users', tenants: list, at: 1000});
const events = (generation: number, ...batch: RunEvent[]): RunAction => ({type: 'run-events', generation, events: batch});
const failure = {kind: 'forbidden' as const, message: 'No access to this customer.', hint: 'Check the GDAP roles.'};

function summary(failed: number): RunSummary {
	return {operationId: 'users-list', params: {}, startedAt: 1000, finishedAt: 5000, outcomes: [], succeeded: 4 - failed, failed, cancelled: 0, rows: 7};
}

test('every tenant starts queued; events move each through its statuses', t => {
	let state = started();
	t.deepEqual(state.tenants.map(row => row.status), ['queued', 'queued', 'queued', 'queued']);
	state = runReducer(state, events(1,
		{type: 'running', tenant: a, at: 1100},
		{type: 'connecting', tenant: b, at: 1100},
		{type: 'rows', tenant: a, count: 200, at: 1200},
		{type: 'retrying', tenant: b, attempt: 2, waitMs: 1000, reason: 'throttled', at: 1300},
	));
	t.deepEqual(state.tenants.map(statusLabel), ['running', 'retrying 2', 'queued', 'queued']);
	t.is(state.tenants[0]!.rows, 200);
	t.is(state.tenants[0]!.startedAt, 1100);
	state = runReducer(state, events(1,
		{type: 'succeeded', tenant: a, rows: 250, durationMs: 400, at: 1500},
		{type: 'failed', tenant: b, failure, rows: 0, durationMs: 500, at: 1600},
		{type: 'cancelled', tenant: c, at: 1600},
	));
	t.deepEqual(state.tenants.map(statusLabel), ['done', 'failed', 'cancelled', 'queued']);
	t.is(state.tenants[1]!.failure?.message, 'No access to this customer.');
	t.deepEqual(runCounts(state), {queued: 1, active: 0, succeeded: 1, failed: 1, cancelled: 1, finished: 3, rows: 250});
	t.true(isRunLive(state));
});

test('finished records the summary and ends the run; a pending cancel question goes away', t => {
	let state = runReducer(started(), {type: 'run-ask-cancel'});
	t.true(state.asking);
	state = runReducer(state, events(1, {type: 'finished', summary: summary(0), at: 5000}));
	t.false(isRunLive(state));
	t.false(state.asking);
	t.is(state.finishedAt, 5000);
	t.is(runReducer(state, {type: 'run-ask-cancel'}).asking, false, 'nothing to stop once finished');
});

test('events from an older generation are dropped', t => {
	const state = runReducer(started(), events(0, {type: 'failed', tenant: a, failure, rows: 0, durationMs: 1, at: 1}));
	t.is(state.tenants[0]!.status, 'queued');
});

test('events for tenants not in the run are ignored', t => {
	const stranger = {...a, tenantId: 'somebody-else'};
	const state = started();
	t.is(runReducer(state, events(1, {type: 'running', tenant: stranger, at: 1})).tenants, state.tenants);
});

test('retry requeues only the failed tenants, keeps the rest, and takes the new generation', t => {
	let state = runReducer(started(), events(1,
		{type: 'succeeded', tenant: a, rows: 3, durationMs: 1, at: 2},
		{type: 'failed', tenant: b, failure, rows: 0, durationMs: 1, at: 2},
		{type: 'succeeded', tenant: c, rows: 4, durationMs: 1, at: 2},
		{type: 'failed', tenant: d, failure, rows: 0, durationMs: 1, at: 2},
		{type: 'finished', summary: summary(2), at: 3},
	));
	t.deepEqual(failedInView(state).map(tenant => tenant.tenantId), [b.tenantId, d.tenantId]);
	state = runReducer(state, {type: 'retry-started', generation: 2, tenants: failedInView(state), at: 10});
	t.deepEqual(state.tenants.map(statusLabel), ['done', 'queued', 'done', 'queued']);
	t.true(isRunLive(state));
	t.is(state.tenants[1]!.failure, undefined);
	state = runReducer(state, events(1, {type: 'failed', tenant: b, failure, rows: 0, durationMs: 1, at: 11}));
	t.is(state.tenants[1]!.status, 'queued', 'the first run can no longer write');
	state = runReducer(state, events(2, {type: 'succeeded', tenant: b, rows: 9, durationMs: 1, at: 12}));
	t.deepEqual(runCounts(state), {queued: 1, active: 0, succeeded: 3, failed: 0, cancelled: 0, finished: 3, rows: 16});
});

test('every tenant failed is visible in the counts', t => {
	const state = runReducer(started(), events(1, ...list.map(tenant => ({type: 'failed' as const, tenant, failure, rows: 0, durationMs: 1, at: 2})), {type: 'finished', summary: summary(4), at: 3}));
	t.is(runCounts(state).failed, 4);
	t.is(failedInView(state).length, 4);
});

test('cancel question: keep going closes it, cancelling records how', t => {
	let state = runReducer(started(), {type: 'run-ask-cancel'});
	state = runReducer(state, {type: 'run-keep-going'});
	t.false(state.asking);
	state = runReducer(runReducer(state, {type: 'run-ask-cancel'}), {type: 'run-cancelling', mode: 'queued'});
	t.false(state.asking);
	t.is(state.cancelling, 'queued');
});

test('a batch of 5,000 events is one copy of the list', t => {
	const many = tenants(5000);
	let state = createRunState({type: 'run-started', generation: 1, operationId: 'x', title: 'X', tenants: many, at: 0});
	state = runReducer(state, events(1, ...many.map(tenant => ({type: 'succeeded' as const, tenant, rows: 1, durationMs: 1, at: 1}))));
	t.is(runCounts(state).succeeded, 5000);
	// Its speed (goal < 200 ms) is measured by `npm run bench`, not asserted on a shared machine.
});
