import test from 'ava';
import type {Row} from '../../source/core/operation.js';
import {createResultsState, resultsReducer, rowAt, sortedOrder, type ResultsAction, type ResultsState} from '../../source/app/state/results-state.js';

const rows: Row[] = [
	{tenantId: 't1', tenantDomain: 'b.com', tenantName: 'B', name: 'zed', size: 10, extra: 'x'},
	{tenantId: 't2', tenantDomain: 'a.com', tenantName: 'A', name: 'Amy', size: 2},
	{tenantId: 't1', tenantDomain: 'b.com', tenantName: 'B', name: '', size: null},
	{tenantId: 't3', tenantDomain: 'c.com', tenantName: 'C', name: 'bob', size: 2},
];
const loaded = (): ResultsState => createResultsState({type: 'results-loaded', declared: ['name', 'size'], rows, total: rows.length});
const apply = (state: ResultsState, ...actions: ResultsAction[]) => actions.reduce(resultsReducer, state);

test('tenant columns come first (domain, name, id), then the declared ones, then extras', t => {
	t.deepEqual(loaded().columns, ['tenantDomain', 'tenantName', 'tenantId', 'name', 'size', 'extra']);
});

test('natural widths are measured once and a GUID column is kept short', t => {
	const state = createResultsState({type: 'results-loaded', declared: ['name'], rows: [{tenantId: '52f1082a-1c74-4d2e-8f97-61f7c5150000', tenantDomain: 'x', tenantName: 'y', name: 'n'.repeat(80)}], total: 1});
	t.deepEqual(state.natural, [13, 11, 13, 40]);
});

test('sort by the highlighted column: numbers by value, empty last, again reverses, ties keep order', t => {
	let state = apply(loaded(), {type: 'results-column', delta: 4}, {type: 'results-sort'});
	t.deepEqual(state.sort, {column: 'size', descending: false});
	t.deepEqual(state.order, [1, 3, 0, 2]);
	state = apply(state, {type: 'results-sort'});
	t.deepEqual(state.sort, {column: 'size', descending: true});
	t.deepEqual(state.order, [0, 1, 3, 2]);
	t.is(rowAt(state, 0)?.['name'], 'zed');
});

test('text sorts ignore case', t => {
	t.deepEqual(sortedOrder(rows, 'name', false), [1, 3, 0, 2]);
});

test('the column and the cursor stay in range', t => {
	const state = loaded();
	t.is(apply(state, {type: 'results-column', delta: -3}).column, 0);
	t.is(apply(state, {type: 'results-column', delta: 99}).column, 5);
	t.is(apply(state, {type: 'results-move', to: 99}).cursor, 3);
	t.is(apply(state, {type: 'results-move', to: -1}).cursor, 0);
});

test('export question opens and closes', t => {
	t.true(apply(loaded(), {type: 'results-export-ask'}).exporting);
	t.false(apply(loaded(), {type: 'results-export-ask'}, {type: 'results-export-done'}).exporting);
});

test('an empty result is a valid table', t => {
	const state = createResultsState({type: 'results-loaded', declared: ['name'], rows: [], total: 0});
	t.is(state.order.length, 0);
	t.is(apply(state, {type: 'results-move', to: 3}).cursor, 0);
});
