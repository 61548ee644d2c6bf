import test from 'ava';
import type {Row} from '../../source/core/operation.js';
import {createResultsState, exportColumns, resultsReducer, rowAt, rowsInOrder, sortedOrder, type ResultsAction, type ResultsState} from '../../source/app/state/results-state.js';

const rows: Row[] = [
	{tenantId: 't1', tenantDomain: 'b.com', tenantName: 'B', name: 'zed', size: 10, extra: 'x'},
	{tenantId: 't2', tenantDomain: 'a.com', tenantName: 'A', name: 'Amy', size: 2},
	{tenantId: 't1', tenantDomain: 'b.com', tenantName: 'B', name: '', size: null},
	{tenantId: 't3', tenantDomain: 'c.com', tenantName: 'C', name: 'bob', size: 2},
];
const loaded = (): ResultsState => createResultsState({type: 'results-loaded', declared: ['name', 'size'], rows, total: rows.length});
const apply = (state: ResultsState, ...actions: ResultsAction[]) => actions.reduce(resultsReducer, state);

test('the operation\'s columns come first, then extras, then the tenant as one name column', t => {
	t.deepEqual(loaded().columns, ['name', 'size', 'extra', 'tenantName']);
});

test('i shows the tenant domain and id after the name, and hides them again; the highlighted column stays put', t => {
	let state = apply(loaded(), {type: 'results-column', delta: 1}, {type: 'results-tenant-columns'});
	t.deepEqual(state.columns, ['name', 'size', 'extra', 'tenantName', 'tenantDomain', 'tenantId']);
	t.is(state.columns[state.column], 'size');
	t.is(state.natural.length, 6);
	state = apply(state, {type: 'results-column', delta: 99}, {type: 'results-tenant-columns'});
	t.deepEqual(state.columns, ['name', 'size', 'extra', 'tenantName']);
	t.is(state.column, 3, 'the hidden id column gave the highlight to the last one shown');
});

test('one tenant\'s rows have no tenant columns, and i changes nothing there', t => {
	const state = createResultsState({type: 'results-loaded', declared: ['name', 'size'], rows, total: rows.length, tenantName: 'B', tenantId: 't1'});
	t.deepEqual(state.columns, ['name', 'size', 'extra']);
	t.is(apply(state, {type: 'results-tenant-columns'}), state);
});

test('a write\'s result comes right after its target, before the detail', t => {
	const state = createResultsState({type: 'results-loaded', declared: ['target', 'property', 'before', 'after', 'result'], rows: [], total: 0});
	t.deepEqual(state.columns, ['target', 'result', 'property', 'before', 'after', 'tenantName']);
});

test('an export has the columns shown, then the tenant columns not shown', t => {
	t.deepEqual(exportColumns(loaded()), ['name', 'size', 'extra', 'tenantName', 'tenantDomain', 'tenantId']);
	t.deepEqual(exportColumns(apply(loaded(), {type: 'results-tenant-columns'})), ['name', 'size', 'extra', 'tenantName', 'tenantDomain', 'tenantId']);
	const one = createResultsState({type: 'results-loaded', declared: ['name', 'size'], rows, total: rows.length, tenantName: 'B', tenantId: 't1'});
	t.deepEqual(exportColumns(one), ['name', 'size', 'extra', 'tenantName', 'tenantDomain', 'tenantId']);
	const sorted = apply(loaded(), {type: 'results-column', delta: 1}, {type: 'results-sort'});
	t.deepEqual([...rowsInOrder(sorted)].map(row => row['name']), ['Amy', 'bob', 'zed', '']);
});

test('natural widths are measured once (in terminal columns) and the tenant name and a GUID are kept short', t => {
	const state = createResultsState({type: 'results-loaded', declared: ['name'], rows: [{tenantId: '52f1082a-1c74-4d2e-8f97-61f7c5150000', tenantDomain: 'x', tenantName: '株式会社サンプル商事ホールディングス', name: 'n'.repeat(80)}], total: 1});
	t.deepEqual(state.natural, [40, 20]);
	t.is(apply(state, {type: 'results-tenant-columns'}).natural.at(-1), 13);
});

test('sort by the highlighted column: numbers by value, empty last, again reverses, ties keep order', t => {
	let state = apply(loaded(), {type: 'results-column', delta: 1}, {type: 'results-sort'});
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
	t.is(apply(state, {type: 'results-column', delta: 99}).column, 3);
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
