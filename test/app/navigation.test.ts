// Walks the navigation table: every screen, every move it lists, through the real reducer, and
// checks the keymap's Esc ("back") is bound exactly where the table has somewhere to go back to.

import test from 'ava';
import {appReducer} from '../../source/app/state/app-reducer.js';
import type {AppState, Screen} from '../../source/app/state/app-state.js';
import {navigation, type NavigationMove} from '../../source/app/state/navigation.js';
import {keymap} from '../../source/ui/keymap.js';
import {given, readOp, stateWith, tenants, writeOp} from './fixtures.js';

const list = tenants(3);
const started = (dryRun: boolean) => ({type: 'run' as const, action: {type: 'run-started' as const, generation: 1, operationId: readOp.id, title: 'List things', dryRun, tenants: list, at: 0}});
const finished = {type: 'run' as const, action: {type: 'run-events' as const, generation: 1, events: [{type: 'finished' as const, at: 1, summary: {operationId: readOp.id, params: {}, startedAt: 0, finishedAt: 1, outcomes: [], succeeded: 3, failed: 0, cancelled: 0, rows: 3}}]}};

/** A state on the given screen with what its moves need: a selection, an operation, a finished run. */
function on(screen: Screen, options: {dryRun?: boolean; live?: boolean; selected?: boolean} = {}): AppState {
	return stateWith(
		{type: 'tenants-loaded', tenants: list},
		...(options.selected === false ? [] : [{type: 'picker' as const, action: {type: 'toggle-all-visible' as const}}]),
		started(options.dryRun ?? false),
		...(options.live ? [] : [finished]),
		given({screen, operation: writeOp, notice: {tone: 'info', text: 'from the last screen'}}),
	);
}

const expected: Record<Screen, Partial<Record<NavigationMove, Screen>>> = {
	starting: {},
	welcome: {setup: 'setup'},
	setup: {back: 'welcome'},
	'sign-in': {},
	tenants: {continue: 'operations', doctor: 'doctor'},
	operations: {back: 'tenants', choose: 'params'},
	params: {back: 'operations', confirm: 'confirm', launch: 'run'},
	confirm: {back: 'params', launch: 'run'},
	run: {back: 'operations', launch: 'run', 'open-tenant': 'tenant-rows', results: 'results', 'new-run': 'tenants', retry: 'confirm'},
	'tenant-rows': {back: 'run'},
	results: {back: 'run'},
	doctor: {back: 'tenants'},
};

const allMoves: NavigationMove[] = ['back', 'setup', 'continue', 'choose', 'confirm', 'launch', 'open-tenant', 'results', 'new-run', 'retry', 'doctor'];

test('every screen: each move goes where the table says, clears the old notice, and unlisted moves stay put', t => {
	t.deepEqual(Object.keys(navigation).sort(), Object.keys(expected).sort());
	for (const screen of Object.keys(expected) as Screen[]) {
		for (const move of allMoves) {
			const before = on(screen);
			const next = appReducer(before, {type: 'navigate', move});
			const target = expected[screen][move];
			if (target) {
				t.is(next.screen, target, `${screen} --${move}-->`);
				t.is(next.notice, undefined, `${screen} --${move}--> clears the notice`);
			} else {
				t.is(next, before, `${screen} has no ${move}: nothing changes`);
			}
		}
	}
});

test('the rules that depend on state: no selection, a live run, a finished dry run', t => {
	t.is(appReducer(on('tenants', {selected: false}), {type: 'navigate', move: 'continue'}).screen, 'tenants');
	t.is(appReducer(on('run', {live: true}), {type: 'navigate', move: 'back'}).screen, 'run');
	t.is(appReducer(on('run', {live: true}), {type: 'navigate', move: 'new-run'}).screen, 'run');
	t.is(appReducer(on('run', {dryRun: true}), {type: 'navigate', move: 'back'}).screen, 'confirm');
});

test('named actions that change screen go through the same table', t => {
	const chosen = appReducer(on('operations'), {type: 'operation-chosen', operation: readOp});
	t.is(chosen.screen, 'params');
	t.is(chosen.operation?.id, readOp.id);
	t.truthy(chosen.form);
	t.is(appReducer({...on('params'), operation: writeOp}, {type: 'params-accepted', params: {}}).screen, 'confirm');
	t.is(appReducer({...on('params'), operation: readOp}, {type: 'params-accepted', params: {}}).screen, 'params');
	const opened = appReducer(on('confirm'), {type: 'run-opened', folder: '/state/runs/x'});
	t.is(opened.screen, 'run');
	t.regex(opened.notice?.text ?? '', /\/state\/runs\/x/);
	t.is(appReducer(on('run'), {type: 'rows-opened', which: 'results'}).screen, 'results');
	t.is(appReducer(on('run'), {type: 'rows-opened', which: 'tenant-rows'}).screen, 'tenant-rows');
	const retry = appReducer(on('run'), {type: 'retry-confirm', live: false});
	t.is(retry.screen, 'confirm');
	t.deepEqual(retry.writePlan, {phase: 'checking', retry: 'finished'});
	t.is(retry.notice, undefined);
});

test('Esc is bound as "back" (on the run screen: "leave-run") on exactly the screens the table can go back from', t => {
	const escBack = new Set(keymap.filter(binding => binding.command === 'back' || binding.command === 'leave-run').flatMap(binding => binding.contexts));
	for (const screen of Object.keys(expected) as Screen[]) {
		t.is(escBack.has(screen as never), navigation[screen].back !== undefined, screen);
	}
});
