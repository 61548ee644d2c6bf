// The run and results screens, the overlays and the small-terminal layout, from plain states.

import test from 'ava';
import type {AppAction} from '../../source/app/state/app-reducer.js';
import type {RunEvent} from '../../source/core/run-events.js';
import {given, readOp, shownAt, stateWith, tenants, type Step} from './fixtures.js';
import {show} from './show.js';

const list = tenants(6);
const failure = {kind: 'forbidden' as const, message: 'No GDAP role allows this.', hint: 'Ask for User Administrator.'};
const started: AppAction = {type: 'run', action: {type: 'run-started', generation: 1, operationId: 'things-list', title: 'List things', tenants: list, at: shownAt - 5000}};
const events = (...batch: RunEvent[]): AppAction => ({type: 'run', action: {type: 'run-events', generation: 1, events: batch}});
const summary = {operationId: 'things-list', params: {}, startedAt: 0, finishedAt: 1, outcomes: [], succeeded: 0, failed: 6, cancelled: 0, rows: 0};
const runState = (...more: Step[]) => stateWith(given({screen: 'run', operation: readOp}), started, ...more);

// Serial: Ink apps rendered side by side in one process drop a lone Esc now and then (Ink holds
// it back to tell it from an escape sequence); one render at a time, every key arrives.
test.serial('a live run: header with progress, elapsed and sessions; a row per tenant with status', async t => {
	const screen = show(t, runState(
		given({operation: {...readOp, backend: 'exchange'}}),
		events({type: 'succeeded', tenant: list[0]!, rows: 12, durationMs: 800, at: shownAt}, {type: 'running', tenant: list[1]!, at: shownAt}, {type: 'retrying', tenant: list[2]!, attempt: 2, waitMs: 1000, reason: '429', at: shownAt}),
		given({sessions: {busy: 2, warming: 1, idle: 0, max: 3}}),
	));
	const frame = screen.frame();
	t.regex(frame, /List things/);
	t.regex(frame, /elapsed 5\.0s · sessions 2\/3 \(\+1 starting\)/);
	t.regex(frame, /█+░+ {2}1\/6 · 2 running · 12 rows/);
	t.regex(frame, /Customer 0000 +done +0\.8s +12/);
	t.regex(frame, /Customer 0001 +running/);
	t.regex(frame, /Customer 0002 +retrying 2/);
	t.regex(frame, /Customer 0003 +queued/);
	t.notRegex(frame, /sessions.*sessions/);
	await screen.press('\r', 'j', '\u001B');
	t.deepEqual(screen.names(), ['openTenantRows', 'runMove', 'askCancel']);
	screen.unmount();
});

test.serial('a long tenant shows how many of its mailboxes are done, in words, next to its status', async t => {
	const screen = show(t, runState(events({type: 'running', tenant: list[1]!, at: shownAt}, {type: 'progress', tenant: list[1]!, done: 412, total: 1000, unit: 'mailboxes', at: shownAt})));
	t.regex(screen.frame(), /Customer 0001 +running +\d+(\.\d)?s +0 {2}412\/1000 mailboxes/);
	t.notRegex(screen.frame(), /Customer 0002 .*mailboxes/);
	screen.unmount();
});

test.serial('stopping asks first: y skips the queue, A aborts all, n keeps going', async t => {
	const screen = show(t, runState({type: 'run', action: {type: 'run-ask-cancel'}}));
	t.regex(screen.frame(), /Stop the run\? 6 not started, 0 running\./);
	await screen.press('y', 'A', 'n');
	t.deepEqual(screen.calls, [['cancelRun', ['queued']], ['cancelRun', ['all']], ['keepRunning', []]]);
	screen.unmount();
});

test.serial('every tenant failed: the reasons show, and r retries', async t => {
	const screen = show(t, runState(events(...list.map(tenant => ({type: 'failed' as const, tenant, failure, rows: 0, durationMs: 300, at: shownAt})), {type: 'finished', summary, at: shownAt})));
	const frame = screen.frame();
	t.regex(frame, /List things — finished/);
	t.regex(frame, /6\/6 · 6 failed \(r retries\) · 0 rows/);
	t.regex(frame, /Customer 0005 +failed +0\.3s +0 {2}No GDAP role allows this\. Ask/);
	t.regex(frame, /Every tenant failed/);
	t.regex(frame, /r retry failed/);
	await screen.press('r', 'v', '\u001B');
	t.deepEqual(screen.names(), ['retryFailed', 'openResults', 'back']);
	screen.unmount();
});

const rows = list.slice(0, 3).flatMap(tenant => [0, 1].map(index => ({tenantId: tenant.tenantId, tenantDomain: tenant.tenantDomain, tenantName: tenant.tenantName, name: `thing ${index}`, size: index})));
const resultsState = (...more: Step[]) => stateWith(given({screen: 'results', operation: readOp}), started, {type: 'results', action: {type: 'results-loaded', declared: readOp.columns, rows, total: rows.length}}, ...more);

test.serial('results: one table, the operation\'s columns first, sort, tenant ids and export keys', async t => {
	const screen = show(t, resultsState({type: 'results', action: {type: 'results-column', delta: 1}}, {type: 'results', action: {type: 'results-sort'}}));
	const frame = screen.frame();
	t.regex(frame, /6 rows from 6 tenants · sorted by size ↑ · column 2\/3: size/);
	t.regex(frame, /\nname +size↑ +tenantName\n/);
	t.regex(frame, /thing 0 +0 +Customer 0000/);
	t.notRegex(frame, /tenantDomain|tenantId|onmicrosoft/, 'domain and id only when asked');
	await screen.press('s', 'l', 'i', 'e');
	t.deepEqual(screen.calls.map(([, args]) => (args[1] as {type: string}).type), ['results-sort', 'results-column', 'results-tenant-columns', 'results-export-ask']);
	screen.unmount();
});

test.serial('export asks for the format', async t => {
	const screen = show(t, resultsState({type: 'results', action: {type: 'results-export-ask'}}, given({notice: {tone: 'success', text: 'Exported 6 rows to /state/exports/run.csv'}})));
	t.regex(screen.frame(), /Export all 6 rows as: c CSV {2}j JSON {2}h HTML {2}t text/);
	t.regex(screen.frame(), /Exported 6 rows to \/state\/exports\/run\.csv/);
	await screen.press('c', 'j', 'h', 't');
	t.deepEqual(screen.calls, [['exportAs', ['csv']], ['exportAs', ['json']], ['exportAs', ['html']], ['exportAs', ['table']]]);
	screen.unmount();
});

test.serial('a tenant\'s rows view explains a failure instead of an empty table', t => {
	const state = runState(
		events({type: 'failed', tenant: list[0]!, failure: {...failure, requestId: 'req-42'}, rows: 0, durationMs: 1, at: 1}),
		given({screen: 'tenant-rows'}),
		{type: 'tenant-rows', action: {type: 'results-loaded', declared: readOp.columns, rows: [], total: 0, tenantName: 'Customer 0000', tenantId: list[0]!.tenantId}},
	);
	const screen = show(t, state);
	t.regex(screen.frame(), /Rows of Customer 0000/);
	t.regex(screen.frame(), /This tenant failed: No GDAP role allows this\./);
	t.regex(screen.frame(), /req-42/);
	screen.unmount();
});

test.serial('? shows the keys of the screen underneath, from the keymap; Esc closes', async t => {
	const screen = show(t, resultsState(given({overlay: 'help'})));
	const frame = screen.frame();
	t.regex(frame, /Keys on this screen/);
	t.regex(frame, /s +Sort by the highlighted column/);
	t.regex(frame, /Ctrl\+C +Quit, even while typing/);
	await screen.press('s', '\u001B');
	t.deepEqual(screen.calls, [['toggleHelp', [false]]], 'the screen underneath gets no keys');
	screen.unmount();
});

test.serial('quitting during a run asks; y quits, n stays; Ctrl+C again means yes', async t => {
	const screen = show(t, runState(given({overlay: 'quit-ask'})));
	t.regex(screen.frame(), /Quit and stop the run\? Finished rows stay saved\. {2}y quit {2}n\/Esc stay/);
	await screen.press('n', 'y', '\u0003');
	t.deepEqual(screen.names(), ['stayQuit', 'confirmQuit', 'confirmQuit']);
	screen.unmount();
});

test.serial('at 80×24 every screen fits: no line wider than 80, no more than 23 lines', t => {
	const states = [
		stateWith(given({screen: 'welcome'})),
		stateWith(given({screen: 'setup'})),
		stateWith(given({screen: 'sign-in', signIn: {phase: 'waiting', code: {userCode: 'ABCD1234', verificationUri: 'https://microsoft.com/devicelogin', expiresAt: shownAt + 900_000, message: ''}}})),
		stateWith(given({screen: 'tenants', tenantsPhase: 'ready'}), {type: 'picker', action: {type: 'set-tenants', tenants: tenants(500)}}),
		stateWith(given({screen: 'operations'})),
		runState(events(...list.map(tenant => ({type: 'failed' as const, tenant, failure, rows: 0, durationMs: 300, at: shownAt})))),
		resultsState(),
		resultsState(given({overlay: 'help'})),
	];
	for (const state of states) {
		const screen = show(t, state, {width: 80, height: 23});
		const lines = screen.frame().split('\n');
		t.true(lines.length <= 23, `${state.screen}: ${lines.length} lines`);
		t.true(lines.every(line => line.length <= 80), `${state.screen}: ${Math.max(...lines.map(line => line.length))} columns`);
		screen.unmount();
	}
});

test.serial('a terminal too small says so instead of garbling', t => {
	const screen = show(t, stateWith(given({screen: 'welcome'})), {width: 40, height: 10});
	t.regex(screen.frame(), /needs at least 60×16/);
	screen.unmount();
});
