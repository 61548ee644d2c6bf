// Every screen state at 60×20, the smallest terminal an SSH session commonly gets: no line wider
// than 60 display columns, nothing drawn over anything else, and a clipped list says how many
// rows it does not show. The same states drawn with the ASCII glyphs use no box drawing,
// braille or block characters.

import test from 'ava';
import {createFormState} from '../../source/app/state/params-state.js';
import type {AppAction} from '../../source/app/state/app-reducer.js';
import type {AppState} from '../../source/app/state/app-state.js';
import type {RunEvent} from '../../source/core/run-events.js';
import {displayWidth} from '../../source/core/reports/text-width.js';
import {asciiGlyphs} from '../../source/ui/glyphs.js';
import {createTheme} from '../../source/ui/theme.js';
import {headerLine} from '../../source/app/screens/run-screen.js';
import {given, readOp, shownAt, stateWith, tenants, writeOp, type Step} from './fixtures.js';
import {show} from './show.js';

// 60×20: the App gives the screens one row less so Ink repaints in place.
const size = {width: 60, height: 19};
const list = tenants(40);
const failure = {kind: 'forbidden' as const, message: 'The user \'admin@northwind-traders.onmicrosoft.com\' has no GDAP role that allows this.', hint: 'Ask for User Administrator.'};
const longOp = {...readOp, id: 'mailbox-forwarding-report', title: 'Mailbox forwarding report', backend: 'exchange' as const};
const events = (...batch: RunEvent[]): AppAction => ({type: 'run', action: {type: 'run-events', generation: 1, events: batch}});
const started: AppAction = {type: 'run', action: {type: 'run-started', generation: 1, operationId: longOp.id, title: longOp.title, tenants: list, at: shownAt - 3_725_000}};
const signedIn = given({account: {username: 'adele.vance.longname@partner-northwind.onmicrosoft.com', homeTenantId: 'p'}, cloud: 'sandbox'});
const runState = (...more: Step[]) => stateWith(signedIn, given({screen: 'run', operation: longOp, sessions: {busy: 3, warming: 2, idle: 0, max: 3}}), started, ...more);
const manyRows = list.flatMap(tenant => [0, 1, 2].map(index => ({tenantId: tenant.tenantId, tenantDomain: tenant.tenantDomain, tenantName: tenant.tenantName, name: `thing ${index}`, size: index})));
const resultsState = (...more: Step[]) => stateWith(signedIn, given({screen: 'results', operation: readOp}), started, {type: 'results', action: {type: 'results-loaded', declared: readOp.columns, rows: manyRows, total: manyRows.length}}, ...more);
const tenantsState = (...more: Step[]) => stateWith(signedIn, given({screen: 'tenants', tenantsPhase: 'ready'}), {type: 'picker', action: {type: 'set-tenants', tenants: tenants(500)}}, ...more);
const code = {userCode: 'LBGH-KVCW', verificationUri: 'https://microsoft.com/devicelogin', expiresAt: shownAt + 900_000, message: ''};
const mixedRun = events(
	...list.slice(0, 10).map(tenant => ({type: 'failed' as const, tenant, failure, rows: 0, durationMs: 300, at: shownAt})),
	...list.slice(10, 13).map(tenant => ({type: 'running' as const, tenant, at: shownAt})),
	...list.slice(13, 20).map(tenant => ({type: 'succeeded' as const, tenant, rows: 1234, durationMs: 65_000, at: shownAt})),
);

const states: ReadonlyArray<readonly [string, AppState]> = [
	['starting', stateWith(given({screen: 'starting'}))],
	['welcome', stateWith(given({screen: 'welcome'}))],
	['setup', stateWith(given({screen: 'setup'}))],
	['sign-in waiting', stateWith(signedIn, given({screen: 'sign-in', signIn: {phase: 'waiting', code}}))],
	['sign-in opening', stateWith(given({screen: 'sign-in', signIn: {phase: 'opening'}}))],
	['sign-in failed', stateWith(given({screen: 'sign-in', signIn: {phase: 'failed', error: 'Could not reach login.microsoftonline.com: the network is down or blocked (ENOTFOUND). Check the connection, proxy or firewall, then press Enter.'}}))],
	['tenants', tenantsState()],
	['tenants filtering', tenantsState({type: 'picker', action: {type: 'edit-filter'}}, {type: 'picker', action: {type: 'set-filter', filter: 'Customer 01'}})],
	['tenants loading', stateWith(signedIn, given({screen: 'tenants', tenantsPhase: 'loading'}))],
	['tenants failed', stateWith(signedIn, given({screen: 'tenants', tenantsPhase: 'failed', tenantsError: 'Could not reach the Partner Center: the network is down or blocked (ECONNREFUSED).'}))],
	['groups', tenantsState(given({groups: Object.fromEntries(Array.from({length: 30}, (_, index) => [`group-${index}`, ['a']])), groupsCursor: 0}))],
	['naming a group', tenantsState(given({groupName: 'retail-customers-in-the-north-island-and-more'}))],
	['operations', stateWith(signedIn, given({screen: 'operations', operations: [readOp, writeOp, longOp]}))],
	['params', stateWith(signedIn, given({screen: 'params', operation: readOp, form: {...createFormState(readOp), error: {field: 'startsWith', message: 'Type at most 5 characters.'}}}))],
	['confirm', tenantsState({type: 'picker', action: {type: 'toggle-all-visible'}}, given({screen: 'confirm', operation: writeOp, params: {mode: 'off'}, confirmText: '50'}))],
	['run live', runState(mixedRun)],
	['run asking', runState(mixedRun, {type: 'run', action: {type: 'run-ask-cancel'}})],
	['run quit-ask', runState(mixedRun, given({overlay: 'quit-ask'}))],
	['results', resultsState()],
	['results sorted', resultsState({type: 'results', action: {type: 'results-column', delta: 4}}, {type: 'results', action: {type: 'results-sort'}})],
	['results export ask', resultsState({type: 'results', action: {type: 'results-export-ask'}}, given({notice: {tone: 'success', text: 'Exported 120 rows to /home/ann/.local/state/tenantdeck/exports/mailbox-forwarding-report-2026-11-29.csv'}}))],
	['help', resultsState(given({overlay: 'help'}))],
];

// Serial: one Ink render at a time, as in the other screen tests.
for (const [name, state] of states) {
	test.serial(`at 60×20, ${name}: no line wider than 60 columns, at most 19 lines`, t => {
		const screen = show(t, state, size);
		const lines = screen.frame().split('\n');
		t.true(lines.length <= size.height, `${lines.length} lines:\n${screen.frame()}`);
		const widest = Math.max(...lines.map(line => displayWidth(line)));
		t.true(widest <= size.width, `${widest} columns:\n${screen.frame()}`);
		screen.unmount();
	});
}

test.serial('at 60×20 the run header keeps the operation id and the elapsed time apart', t => {
	const screen = show(t, runState(mixedRun), size);
	const header = screen.frame().split('\n')[1]!;
	t.notRegex(header, /[a-z]elapsed/, header);
	t.regex(header, /^mailbox-forwar\S*… {2,}elapsed 1h 02m · sessions 3\/3 \(\+2 starting\)$/, header);
	screen.unmount();
});

test('the run header gives the id way, never the time, and never overlaps at any width', t => {
	const right = 'elapsed 1h 02m · sessions 3/3 (+2 starting)';
	for (let width = 20; width <= 120; width++) {
		const line = headerLine('mailbox-forwarding-report', right, width, '…');
		t.true(displayWidth(line) <= width, `${width}: ${line}`);
		t.true(line.endsWith(width >= right.length ? right : '…'), `${width}: ${line}`);
		t.notRegex(line, /\S{2,}elapsed/, `${width}: ${line}`);
	}
	t.is(headerLine('users-list', 'elapsed 2s', 30, '...'), 'users-list          elapsed 2s');
	t.is(headerLine('mailbox-forwarding-report', 'elapsed 2s', 30, '...'), 'mailbox-forward...  elapsed 2s');
});

test.serial('a clipped list says how many rows lie below and above', async t => {
	const picker = show(t, tenantsState(), size);
	t.regex(picker.frame(), /\+48\d more below/);
	picker.unmount();
	const run = show(t, runState(mixedRun, {type: 'run', action: {type: 'run-move', to: 39}}), size);
	t.regex(run.frame(), /Customer 0039/);
	t.regex(run.frame(), /\d+ above/);
	t.notRegex(run.frame(), /more below/);
	run.unmount();
	const groups = show(t, tenantsState(given({groups: Object.fromEntries(Array.from({length: 30}, (_, index) => [`group-${index}`, ['a']])), groupsCursor: 0})), size);
	t.regex(groups.frame(), /\+\d+ more below/);
	groups.unmount();
});

test.serial('a clipped table says how many rows lie below', t => {
	const screen = show(t, resultsState(), size);
	t.regex(screen.frame(), /\+1\d\d more below/);
	screen.unmount();
	const short = show(t, stateWith(signedIn, given({screen: 'results', operation: readOp}), started, {type: 'results', action: {type: 'results-loaded', declared: readOp.columns, rows: manyRows.slice(0, 3), total: 3}}), size);
	t.notRegex(short.frame(), /more below/, 'a table that fits says nothing');
	short.unmount();
});

for (const [name, state] of states) {
	test.serial(`with ASCII glyphs, ${name} draws no box, braille or block characters of its own`, t => {
		// Prose and tenant names are made ASCII by the terminal guard (test/app/ascii-console.test.ts);
		// here the chrome the components draw must already be ASCII.
		const screen = show(t, state, size, undefined, createTheme({color: false, glyphs: asciiGlyphs}));
		t.false(/[\u2500-\u257f\u2580-\u259f\u2800-\u28ff]/u.test(screen.frame()), screen.frame());
		screen.unmount();
	});
}

test.serial('a finished run where every tenant failed fits its terminal: the rows of the notice shown are the rows counted', t => {
	const allFailed = events(
		...list.map(tenant => ({type: 'failed' as const, tenant, failure, rows: 0, durationMs: 300, at: shownAt})),
		{type: 'finished', summary: {operationId: longOp.id, params: {}, startedAt: shownAt - 1000, finishedAt: shownAt, outcomes: [], succeeded: 0, failed: list.length, cancelled: 0, rows: 0}, at: shownAt},
	);
	// The stored notice takes one row at 80 columns; the one shown ("Every tenant failed…") takes two.
	const screen = show(t, runState(allFailed, given({notice: {tone: 'danger', text: `Finished: 0 done, ${list.length} failed (r retries them), 0 rows.`}})), {width: 80, height: 19});
	const lines = screen.frame().split('\n');
	t.regex(screen.frame(), /Every tenant failed/);
	t.true(lines.length <= 19, `${lines.length} lines:\n${screen.frame()}`);
	t.regex(lines[0]!, /^tenantdeck/, 'the title line is still the first');
	screen.unmount();
});
