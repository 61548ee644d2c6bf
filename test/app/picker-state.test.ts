import test from 'ava';
import {countsLine, createPickerState, filterIndexes, pickerReducer, selectedTenants, type PickerAction, type PickerState} from '../../source/app/state/picker-state.js';
import {tenants} from './fixtures.js';

const apply = (state: PickerState, ...actions: PickerAction[]) => actions.reduce(pickerReducer, state);
const ids = (state: PickerState) => [...state.selected].sort();

test('toggle selects the tenant under the cursor and stays on it, so a second Space undoes the first', t => {
	const once = apply(createPickerState(tenants(5)), {type: 'move', to: 1}, {type: 'toggle'});
	t.deepEqual(selectedTenants(once).map(tenant => tenant.tenantName), ['Customer 0001']);
	t.is(once.cursor, 1, 'Space does not move the cursor');
	t.is(apply(once, {type: 'toggle'}).selected.size, 0);
	const run = apply(once, {type: 'move', to: 2}, {type: 'toggle'});
	t.deepEqual(selectedTenants(run).map(tenant => tenant.tenantName), ['Customer 0001', 'Customer 0002']);
});

test('filter matches name, domain and id, every word, case-insensitively', t => {
	const list = [...tenants(3), {tenantId: 'abc-123', tenantDomain: 'contoso.com', tenantName: 'Contoso Dental', source: 'gdap' as const}];
	const state = createPickerState(list);
	t.deepEqual(filterIndexes(state.haystack, 'CONTOSO'), [3]);
	t.deepEqual(filterIndexes(state.haystack, 'abc-1'), [3]);
	t.deepEqual(filterIndexes(state.haystack, 'customer1.onmicrosoft'), [1]);
	t.deepEqual(filterIndexes(state.haystack, 'dental contoso'), [3]);
	t.deepEqual(filterIndexes(state.haystack, 'dental fabrikam'), []);
});

test('set-filter narrows as letters are typed and widens again on backspace', t => {
	let state = createPickerState(tenants(120));
	state = apply(state, {type: 'edit-filter'}, {type: 'set-filter', filter: '1'}, {type: 'set-filter', filter: '11'});
	t.true(state.editingFilter);
	t.deepEqual(state.visible.map(index => state.tenants[index]!.tenantName), ['Customer 0011', 'Customer 0110', 'Customer 0111', 'Customer 0112', 'Customer 0113', 'Customer 0114', 'Customer 0115', 'Customer 0116', 'Customer 0117', 'Customer 0118', 'Customer 0119']);
	state = apply(state, {type: 'set-filter', filter: '1'});
	t.is(state.visible.length, filterIndexes(state.haystack, '1').length);
	t.is(state.cursor, 0);
});

test('toggle-all-visible selects what the filter shows, and a second press unselects only those', t => {
	let state = apply(createPickerState(tenants(30)), {type: 'toggle'});
	state = apply(state, {type: 'set-filter', filter: 'customer 002'}, {type: 'toggle-all-visible'});
	// Customer 0002 and 0020–0029.
	t.is(state.selected.size, 12);
	t.is(countsLine(state), '12 selected of 30, 11 shown');
	state = apply(state, {type: 'toggle-all-visible'});
	t.deepEqual(ids(state), [tenants(1)[0]!.tenantId]);
});

test('filtering never unselects, clear-filter shows everything, none unselects everything', t => {
	let state = apply(createPickerState(tenants(10)), {type: 'toggle'}, {type: 'set-filter', filter: '0009'});
	t.is(state.selected.size, 1);
	t.is(countsLine(state), '1 selected of 10, 1 shown');
	state = apply(state, {type: 'clear-filter'});
	t.is(state.visible.length, 10);
	t.false(state.editingFilter);
	t.is(countsLine(state), '1 selected of 10, all shown');
	state = apply(state, {type: 'none'});
	t.is(state.selected.size, 0);
});

test('move and page keep the cursor inside the visible list', t => {
	const state = createPickerState(tenants(50));
	t.is(apply(state, {type: 'move', to: -4}).cursor, 0);
	t.is(apply(state, {type: 'move', to: 99}).cursor, 49);
	t.is(apply(state, {type: 'page', delta: 1, height: 20}).cursor, 20);
	t.is(apply(state, {type: 'page', delta: 3, height: 20}).cursor, 49);
	t.is(apply(state, {type: 'set-filter', filter: 'nothing'}, {type: 'move', to: 3}).cursor, 0);
});

test('a refresh keeps the selection of tenants that still exist and the filter', t => {
	const before = apply(createPickerState(tenants(5)), {type: 'move', to: 3}, {type: 'toggle'}, {type: 'set-filter', filter: 'customer'});
	const after = apply(before, {type: 'set-tenants', tenants: tenants(4)});
	t.deepEqual(ids(after), [tenants(4)[3]!.tenantId]);
	t.is(after.filter, 'customer');
	const fewer = apply(before, {type: 'set-tenants', tenants: tenants(2)});
	t.is(fewer.selected.size, 0);
});

test('select-ids (a saved group) replaces the selection and ignores ids no longer known', t => {
	const list = tenants(6);
	const state = apply(createPickerState(list), {type: 'toggle'}, {type: 'select-ids', ids: [list[2]!.tenantId, list[4]!.tenantId, 'gone']});
	t.deepEqual(ids(state), [list[2]!.tenantId, list[4]!.tenantId]);
});

test('add-ids (a saved group added) keeps the selection and adds the known ids', t => {
	const list = tenants(6);
	const state = apply(createPickerState(list), {type: 'toggle'}, {type: 'add-ids', ids: [list[2]!.tenantId, list[0]!.tenantId, 'gone']});
	t.deepEqual(ids(state), [list[0]!.tenantId, list[2]!.tenantId].sort());
});

test('the selected-only view lists just the selected tenants, filters within them, and says so in the counts', t => {
	const list = tenants(30);
	let state = apply(createPickerState(list), {type: 'select-ids', ids: [list[3]!.tenantId, list[12]!.tenantId, list[20]!.tenantId]}, {type: 'move', to: 15});
	state = apply(state, {type: 'toggle-selected-only'});
	t.deepEqual(state.visible, [3, 12, 20]);
	t.is(state.cursor, 0);
	t.is(countsLine(state), '3 selected of 30, showing only selected: 3 shown (v shows all)');
	t.deepEqual(apply(state, {type: 'set-filter', filter: 'customer 001'}).visible, [12]);
	// Unselecting in the view keeps the row (the slip stays visible and undoable)...
	const slipped = apply(state, {type: 'move', to: 1}, {type: 'toggle'});
	t.deepEqual(slipped.visible, [3, 12, 20]);
	t.is(slipped.selected.size, 2);
	// ...and a group added in the view shows up in it.
	t.deepEqual(apply(state, {type: 'add-ids', ids: [list[5]!.tenantId]}).visible, [3, 5, 12, 20]);
	const back = apply(state, {type: 'toggle-selected-only'});
	t.is(back.visible.length, 30);
	t.is(countsLine(back), '3 selected of 30, all shown');
});

// Per-key speed (goal < 10 ms) is measured by `npm run bench`, not asserted on a shared machine.
test('filtering 5,000 tenants key by key narrows to the matching ones', t => {
	let state = createPickerState(tenants(5000));
	for (const filter of ['c', 'cu', 'cus', 'cust', 'custo', 'custom', 'customer 4', 'customer 49', 'customer 499']) state = pickerReducer(state, {type: 'set-filter', filter});
	t.deepEqual(state.visible, filterIndexes(state.haystack, 'customer 499'));
	t.true(state.visible.length > 0 && state.visible.length < 30);
});
