// Selecting tenants as a user does it on the real console: Space stays on its row, a saved group is
// added to the selection or replaces it by choice, a group is deleted (asked first, and the
// groups.json in a temp folder is re-read to prove it), and a view of only the selected tenants.

import test from 'ava';
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {setup, toTenants, until} from './controller-setup.js';
import {keys, liveConsole} from './live-console.js';
import {given, stateWith, tenants} from './fixtures.js';

const list = tenants(6);
const id = (index: number) => list[index]!.tenantId;
const selected = (state: {picker: {selected: ReadonlySet<string>}}) => [...state.picker.selected].sort();

async function withGroups(t: Parameters<typeof setup>[0], groups: Record<string, string[]>) {
	const context = await setup(t);
	await mkdir(context.folders.config, {recursive: true});
	await writeFile(join(context.folders.config, 'groups.json'), JSON.stringify(groups));
	await toTenants(context.store, context.controller);
	return {...context, screen: liveConsole(t, context.store, context.controller), file: join(context.folders.config, 'groups.json')};
}

test.serial('Space selects the tenant under the cursor and stays there; the footer says "select"', async t => {
	const {store, controller} = await setup(t);
	await toTenants(store, controller);
	const screen = liveConsole(t, store, controller);
	await screen.press(keys.down, ' ');
	t.is(store.getState().picker.cursor, 1, 'the cursor did not move');
	t.deepEqual(selected(store.getState()), [id(1)]);
	t.regex(screen.frame(), /\[x\] Customer 0001/);
	t.regex(screen.frame(), /Space select/);
	await screen.press(' ');
	t.deepEqual(selected(store.getState()), [], 'a second Space undoes the first');
	await screen.press(' ', keys.down, ' ');
	t.deepEqual(selected(store.getState()), [id(1), id(2)]);
});

test.serial('a saved group is added to the selection with Enter, or replaces it with r, as the screen says', async t => {
	const {store, screen} = await withGroups(t, {retail: [id(0), id(1)]});
	await screen.press(keys.down, keys.down, keys.down, ' ');
	t.deepEqual(selected(store.getState()), [id(3)]);
	await screen.press('o');
	const groups = screen.frame();
	t.regex(groups, /@retail {2}2 tenants, 0 already selected/);
	t.regex(groups, /Enter add to selection/);
	t.regex(groups, /r replace selection/);
	await screen.press(keys.enter);
	t.deepEqual(selected(store.getState()), [id(0), id(1), id(3)].sort(), 'added: tenant 3 is still selected');
	t.regex(screen.frame(), /Added group "retail" to the selection: 2 more, 3 selected/);
	await screen.press('o', 'r');
	t.deepEqual(selected(store.getState()), [id(0), id(1)].sort(), 'replaced: only the group is selected');
	t.regex(screen.frame(), /Selection replaced by group "retail": 2 selected \(was 3\)/);
});

test.serial('deleting a group asks first; n keeps it, y removes it from groups.json and leaves the others', async t => {
	const {store, screen, file} = await withGroups(t, {retail: [id(0)], legal: [id(2)]});
	await screen.press('o', 'd');
	t.regex(screen.frame(), /Delete group "retail"\? Its tenants stay/);
	await screen.press('n');
	t.is(store.getState().groupDeleting, undefined);
	t.deepEqual(Object.keys(JSON.parse(await readFile(file, 'utf8')) as object), ['retail', 'legal'], 'n kept it on disk');
	await screen.press('d', 'y');
	await until(store, state => !('retail' in state.groups), 'the delete');
	const onDisk = JSON.parse(await readFile(file, 'utf8')) as Record<string, string[]>;
	t.deepEqual(onDisk, {legal: [id(2)]});
	t.regex(screen.frame(), /Deleted group "retail"/);
	t.regex(screen.frame(), /@legal/);
	t.notRegex(screen.frame(), /@retail/);
	// The last group gone, the list closes on its own.
	await screen.press('d', 'y');
	await until(store, state => Object.keys(state.groups).length === 0, 'the second delete');
	t.is(store.getState().groupsCursor, undefined);
	t.deepEqual(JSON.parse(await readFile(file, 'utf8')) as object, {});
});

test.serial('v shows only the selected tenants, and the header says how many are selected and shown', async t => {
	const {store, controller} = await setup(t);
	await toTenants(store, controller);
	const screen = liveConsole(t, store, controller);
	await screen.press(keys.down, ' ', keys.down, keys.down, keys.down, ' ', 'v');
	const only = screen.frame();
	t.regex(only, /2 selected of 6, showing only selected: 2 shown \(v shows all\)/);
	t.regex(only, /Customer 0001/);
	t.regex(only, /Customer 0004/);
	t.notRegex(only, /Customer 0000|Customer 0002|Customer 0003|Customer 0005/);
	await screen.press('n');
	t.regex(screen.frame(), /No tenant is selected\. Press v to show every tenant/);
	await screen.press('v');
	t.regex(screen.frame(), /0 selected of 6, all shown/);
	t.regex(screen.frame(), /Customer 0005/);
});

test.serial('a groups.json broken since it was loaded is named, left as it is, and the group stays listed', async t => {
	const {store, screen, file} = await withGroups(t, {retail: [id(0)]});
	await writeFile(file, '{"retail": [');
	await screen.press('o', 'd', 'y');
	await until(store, state => state.notice?.tone === 'danger', 'the error');
	t.regex(store.getState().notice!.text, /groups\.json is not valid JSON/);
	t.is(await readFile(file, 'utf8'), '{"retail": [', 'nothing was written over it');
	t.true('retail' in store.getState().groups);
	t.is(store.getState().groupDeleting, undefined, 'the question is gone; the list is usable');
});

test('saved and deleted groups stay a map without a prototype, as groups.json is read', t => {
	const saved = stateWith(given({screen: 'tenants'}), {type: 'group-saved', name: 'retail', tenantIds: ['a']}, {type: 'group-saved', name: 'dental', tenantIds: ['b']});
	t.is(Object.getPrototypeOf(saved.groups), null);
	t.deepEqual(Object.keys(saved.groups), ['retail', 'dental']);
	const deleted = stateWith(given({...saved, groupsCursor: 0}), {type: 'group-deleted', name: 'retail'});
	t.is(Object.getPrototypeOf(deleted.groups), null);
	t.deepEqual(Object.keys(deleted.groups), ['dental']);
});
