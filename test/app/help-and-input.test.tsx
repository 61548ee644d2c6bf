// Help and typing as a user meets them, on the real console: `?` and F1 in text fields and forms,
// the help overlay scrolling at 80×24 and keeping its heading at 60 columns, cursor editing drawn
// where it happens, and form errors in words.

import '../helpers/force-color.js';
import test from 'ava';
import stringWidth from 'string-width';
import {setup, toTenants, until} from './controller-setup.js';
import {keys, liveConsole} from './live-console.js';
import {readOp} from './fixtures.js';

test.serial('`?` in an empty text field opens help; with text in it `?` types, and F1 still helps', async t => {
	const {store, controller} = await setup(t);
	await toTenants(store, controller);
	const screen = liveConsole(t, store, controller);
	await screen.press('/');
	t.true(store.getState().picker.editingFilter);
	t.regex(screen.frame(), /F1 help/, 'the footer names the key that helps while typing');
	await screen.press('?');
	t.is(store.getState().overlay, 'help');
	t.regex(screen.frame(), /Keys on this screen/);
	t.regex(screen.frame(), /Typing in a field/);
	await screen.press(keys.esc);
	t.is(store.getState().overlay, undefined);
	t.true(store.getState().picker.editingFilter, 'closing help goes back to typing');
	await screen.press('c', '?');
	t.is(store.getState().picker.filter, 'c?');
	t.is(store.getState().overlay, undefined);
	await screen.press(keys.f1);
	t.is(store.getState().overlay, 'help');
	await screen.press(keys.f1);
	t.is(store.getState().overlay, undefined, 'F1 closes it again');
	t.is(store.getState().picker.filter, 'c?', 'F1 typed nothing');
});

test.serial('forms: `?` helps on an empty field and types into a filled one', async t => {
	const {store, controller} = await setup(t, {operations: [readOp]});
	await toTenants(store, controller);
	controller.picker({type: 'toggle'});
	controller.continueToOperations();
	controller.chooseOperation();
	await until(store, state => state.screen === 'params', 'the form');
	const screen = liveConsole(t, store, controller);
	await screen.press('?');
	t.is(store.getState().overlay, 'help');
	t.regex(screen.frame(), /Parameters/);
	await screen.press(keys.esc, 'a', '?');
	t.is(store.getState().form?.values['startsWith'], 'a?');
	// The number field below has "2" in it: `?` types there too, and is refused in words on submit.
	await screen.press(keys.down, keys.end, '?', keys.enter);
	await until(store, state => state.form?.error !== undefined, 'the form error');
	t.regex(screen.frame(), /“2\?” is not a number: type rows in digits, e\.g\. 2\./);
	t.notRegex(screen.frame(), /Invalid input|expected number/);
});

test.serial('help scrolls to its last key at 80×24, saying how many lie below', async t => {
	const {store, controller} = await setup(t);
	await toTenants(store, controller);
	const screen = liveConsole(t, store, controller, {columns: 80, rows: 24});
	await screen.press('?');
	const first = screen.frame();
	t.regex(first, /Keys on this screen/);
	const more = /↓ \+(\d+) more/.exec(first);
	t.truthy(more, first);
	t.notRegex(first, /Ctrl\+C/, 'the last key is below the fold at first');
	await screen.press(keys.pageDown, keys.pageDown, keys.pageDown, keys.down);
	const last = screen.frame();
	t.regex(last, /Ctrl\+C +Quit, even while typing/);
	t.notRegex(last, /↓ \+\d+ more/);
	t.regex(last, /↑ \d+ above/);
	t.regex(last, /Keys on this screen/, 'the heading stays while scrolling');
	t.is(last.split('\n').length, 23);
	await screen.press('g');
	t.regex(screen.frame(), /↓ \+\d+ more/);
});

test.serial('help keeps its heading and the screen\'s sentence at 60 columns, every line inside the width', async t => {
	const {store, controller} = await setup(t);
	await toTenants(store, controller);
	const screen = liveConsole(t, store, controller, {columns: 60, rows: 20});
	await screen.press('?');
	const frame = screen.frame();
	const lines = frame.split('\n');
	t.regex(lines[1] ?? '', /Keys on this screen/, frame);
	t.regex(frame, /Pick the customer tenants to work on/);
	t.regex(frame, /Tenant picker/);
	for (const line of lines) t.true(stringWidth(line) <= 60, `${stringWidth(line)}: ${line}`);
	t.is(lines.length, 19);
});

test.serial('text fields edit at the cursor, which is drawn: insert in the middle, Home/End, Ctrl+A/E, Delete, Ctrl+W, Ctrl+U', async t => {
	const {store, controller} = await setup(t);
	await toTenants(store, controller);
	const screen = liveConsole(t, store, controller);
	const filter = () => store.getState().picker.filter;
	await screen.press('/', 'contso', keys.left, keys.left);
	await screen.press('o');
	t.is(filter(), 'contoso');
	t.true(screen.raw().includes('\u001B[7ms'), 'the cursor cell is drawn inverse on the "s" after the insert');
	await screen.press(keys.home, 'x');
	t.is(filter(), 'xcontoso');
	await screen.press(keys.end, ' dental');
	t.is(filter(), 'xcontoso dental');
	await screen.press(keys.ctrlW);
	t.is(filter(), 'xcontoso ');
	await screen.press(keys.ctrlA, keys.delete);
	t.is(filter(), 'contoso ', 'Delete removes the character under the cursor');
	await screen.press(keys.ctrlE, keys.backspace, keys.left, keys.left, keys.ctrlU);
	t.is(filter(), 'so', 'Ctrl+U deletes everything before the cursor');
	await screen.press(keys.end, 'q');
	t.is(filter(), 'soq', 'q types in a field');
});
