// Prose in a pane of fixed height at 60×20: the operation picker's details and the setup guide.
// Text Ink wraps past its pane is drawn over the rows below it, so these read the frame back and
// check that every row is the next piece of the text (a row written over another is not), that a
// cut says so, and that the setup guide's every permission can be scrolled to.

import test from 'ava';
import {builtInOperations} from '../../source/core/catalog.js';
import {displayWidth} from '../../source/core/reports/text-width.js';
import type {AppState} from '../../source/app/state/app-state.js';
import {delegatedPermissions} from '../../source/app/screens/setup-permissions.js';
import {wrapSpans} from '../../source/components/wrap-spans.js';
import {given, stateWith, tick} from './fixtures.js';
import {show} from './show.js';

// 60×20: the App gives the screens one row less so Ink repaints in place.
const small = {width: 60, height: 19};
const large = {width: 100, height: 29};
const signedIn = given({account: {username: 'adele.vance@partner-northwind.onmicrosoft.com', homeTenantId: 'p'}, cloud: 'sandbox'});
const ellipsis = '…';
const label = 'What this runs, for one tenant:';

/** Text compared without its whitespace: a long word broken over two rows is still the same text. */
const squash = (text: string) => text.replace(/\s+/g, '');

/** Rows of the frame between the title line and the notice and key hints. */
const bodyOf = (frame: string) => frame.split('\n').slice(1, -2);

function fitsTheTerminal(t: import('ava').ExecutionContext, frame: string, size: {width: number; height: number}) {
	const lines = frame.split('\n');
	t.true(lines.length <= size.height, `${lines.length} lines:\n${frame}`);
	t.true(Math.max(...lines.map(line => displayWidth(line))) <= size.width, `too wide:\n${frame}`);
}

/** Rows shown of a text are its start, whole or cut; a cut one ends in the ellipsis. */
function showsTheStartOf(t: import('ava').ExecutionContext, rows: readonly string[], text: string, frame: string, what: string) {
	const shown = rows.join(' ').trimEnd();
	if (squash(shown) === squash(text)) return;
	t.true(shown.endsWith(ellipsis), `${what} is cut without saying so:\n${frame}`);
	t.true(squash(text).startsWith(squash(shown.slice(0, -ellipsis.length))), `${what} is not its own text:\n${frame}`);
}

const operationsAt = (cursor: number): AppState => stateWith(signedIn, given({screen: 'operations', operations: builtInOperations, operationCursor: cursor}));

// Serial: one Ink render at a time, as in the other screen tests.
for (const [cursor, operation] of builtInOperations.entries()) {
	test.serial(`at 60×20 the operation picker shows ${operation.id} without drawing one line over another`, t => {
		const screen = show(t, operationsAt(cursor), small);
		const frame = screen.frame();
		fitsTheTerminal(t, frame, small);
		const body = bodyOf(frame);
		const badge = operation.risk === 'write' ? '[WRITE] ' : '[read]  ';
		const heading = body.findIndex(line => line.startsWith(`${badge}${operation.title}`));
		t.true(heading > 0, `no heading:\n${frame}`);
		const labelAt = body.indexOf(label);
		t.true(labelAt > heading, `no "${label}" line:\n${frame}`);
		showsTheStartOf(t, body.slice(heading + 1, labelAt), operation.description, frame, 'the description');
		const powershell = body.slice(labelAt + 1).filter(line => line.trim() !== '');
		t.true(powershell.length > 0 && powershell.every(line => line.startsWith('  ')), frame);
		showsTheStartOf(t, powershell, operation.powershell, frame, 'the PowerShell');
		screen.unmount();
	});
}

test.serial('at 100×30 the operation picker shows every description and PowerShell whole', t => {
	for (const [cursor, operation] of builtInOperations.entries()) {
		const screen = show(t, operationsAt(cursor), large);
		const frame = screen.frame();
		t.false(frame.includes(ellipsis), `${operation.id} is cut:\n${frame}`);
		t.true(squash(frame).includes(squash(operation.description)), frame);
		t.true(squash(frame).includes(squash(`${label} ${operation.powershell}`)), frame);
		screen.unmount();
	}
});

const setupAt = (setupScroll: number): AppState => stateWith(given({screen: 'setup', setupScroll}));

/** The setup guide's frame once its permission list has loaded (it loads on the first showing). */
async function setupFrame(t: import('ava').ExecutionContext, setupScroll: number, size: {width: number; height: number}) {
	const screen = show(t, setupAt(setupScroll), size);
	for (let waited = 0; screen.frame().includes('listing them') && waited < 60_000; waited += 20) await tick(20);
	return screen;
}

const hiddenLine = /^ {2}(\+[\d,]+ more below)?(, )?([\d,]+ above)?$/;

test.serial('at 60×20 the setup guide scrolls through every step and permission, one row at a time', async t => {
	const rows: string[] = [];
	let scroll = 0;
	for (; scroll < 100; scroll++) {
		const screen = await setupFrame(t, scroll, small);
		const frame = screen.frame();
		fitsTheTerminal(t, frame, small);
		const body = bodyOf(frame);
		const hidden = body.findIndex(line => line.trim() !== '' && hiddenLine.test(line));
		if (scroll === 0) t.regex(body[hidden] ?? '', /\+\d+ more below/, `the guide does not say it goes on:\n${frame}`);
		const shown = hidden === -1 ? body : body.slice(0, hidden);
		if (scroll === 0) rows.push(...shown);
		else {
			t.is(shown[0], rows[scroll], `one row further down:\n${frame}`);
			rows.push(shown.at(-1)!);
		}
		screen.unmount();
		if (!frame.includes('more below')) break;
	}
	t.true(scroll > 0 && scroll < 100, `${scroll} scrolls`);
	const steps = rows.filter(row => /^\d\. /.test(row)).map(row => row.slice(0, 2));
	t.deepEqual(steps, ['1.', '2.', '3.', '4.', '5.', '6.'], rows.join('\n'));
	// A step's later rows start under its text: together the rows of a step are its whole text.
	const texts = rows.join('\n').split(/\n(?=\d\. )/).slice(1).map(step => step.replace(/^\d\. /, ''));
	const permissions = delegatedPermissions.map(([api, name]) => (api === 'Microsoft Graph' ? name : `${name} (${api})`)).join(', ');
	t.is(squash(texts[2]!), squash(`API permissions › Add › Delegated: ${permissions}. Then "Grant admin consent".`), rows.join('\n'));
	t.true(squash(texts[3]!).startsWith(squash('Copy the Application (client) ID into /home/ann/.config/tenantdeck/profile.json as {"clientId": "<id>"}')), rows.join('\n'));
	t.true(squash(texts[5]!).endsWith(squash('or press d in the tenant picker.')), rows.join('\n'));
});

test.serial('at 60×20 the setup guide scrolls with the list keys, and stops at its end', async t => {
	const screen = await setupFrame(t, 0, small);
	t.regex(screen.frame(), /move/, 'the footer offers the move keys');
	await screen.press('j');
	t.deepEqual(screen.calls.at(-1), ['setupScroll', [1]]);
	await screen.press('G');
	const [name, [end]] = screen.calls.at(-1) as [string, [number]];
	t.is(name, 'setupScroll');
	screen.unmount();
	const last = await setupFrame(t, end, small);
	t.notRegex(last.frame(), /more below/, last.frame());
	t.regex(last.frame(), /or press d in the tenant\s+picker\./, last.frame());
	await last.press('j');
	t.deepEqual(last.calls.at(-1), ['setupScroll', [end]], 'no further than the end');
	last.unmount();
});

test('the setup guide opens at its top, however far it was scrolled before', t => {
	const scrolled = stateWith(given({screen: 'setup'}), {type: 'setup-scrolled', to: 7});
	t.is(scrolled.setupScroll, 7);
	const back = stateWith(given({...scrolled}), {type: 'navigate', move: 'back'});
	t.is(back.screen, 'welcome');
	t.is(stateWith(given({...back}), {type: 'navigate', move: 'setup'}).setupScroll, 0);
});

test.serial('at 100×30 the setup guide shows whole, with nothing to scroll', async t => {
	const screen = await setupFrame(t, 0, large);
	const frame = screen.frame();
	t.notRegex(frame, /more below|above/, frame);
	t.notRegex(frame, /move/, 'no move keys in the footer');
	t.regex(frame, /^6\. Check a customer before a run/m, frame);
	screen.unmount();
});

test('wrapped styled text keeps each piece\'s style and breaks where plain text does', t => {
	const rows = wrapSpans([{text: 'Run '}, {text: 'tenantdeck consent --tenants all', style: 'accent'}, {text: ', then  with --yes.'}], 20);
	t.deepEqual(rows, [
		[{text: 'Run ', style: undefined}, {text: 'tenantdeck', style: 'accent'}],
		[{text: 'consent --tenants', style: 'accent'}],
		[{text: 'all', style: 'accent'}, {text: ', then with', style: undefined}],
		[{text: '--yes.', style: undefined}],
	]);
});
