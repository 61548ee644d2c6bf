// The lesson engine watching the console's store: runs are recorded as the run view starts and
// finishes them, the practice cloud is read again after each finished run, the bar's view follows,
// and a finished lesson is remembered once. Plain fakes for the files and the cloud.

import test from 'ava';
import {readFile} from 'node:fs/promises';
import {createLessonRunner, firstToDo, type LessonDeps} from '../../source/app/lesson-runner.js';
import {createStore} from '../../source/app/store.js';
import {initialAppState} from '../../source/app/state/app-state.js';
import type {WorldSnapshot} from '../../source/core/lessons/checks.js';
import {parseLesson} from '../../source/core/lessons/lesson.js';
import type {RunSummary} from '../../source/core/run-events.js';
import type {Tenant} from '../../source/core/tenant.js';

const lesson = parseLesson(await readFile('lessons/2-password-never-expires.json', 'utf8'), 'lesson 2');
const weekly = parseLesson(await readFile('lessons/4-weekly-runbook.json', 'utf8'), 'lesson 4');
const three = ['ella.novak@cliftondental.com', 'freya.murphy@cliftondental.com', 'maria.cooper@cliftondental.com'];
const dental: Tenant = {tenantId: 't-dental', tenantDomain: 'cliftondental.com', tenantName: 'Clifton Dental Ltd', source: 'both'};
const before: WorldSnapshot = {users: new Map([...three, 'daniel.garcia@cliftondental.com'].map(user => [user, 'DisablePasswordExpiration'])), forwarding: new Map()};

function setup(world: {current: WorldSnapshot}) {
	const store = createStore({...initialAppState(), screen: 'tenants'});
	const done: string[] = [];
	let reads = 0;
	let clock = 1000;
	const deps: LessonDeps = {
		loadLessons: async () => ({lessons: [{lesson}, {lesson: weekly}], problems: []}),
		readDone: async () => ({}),
		markDone: async id => {
			done.push(id);
		},
		readWorld: async () => {
			reads++;
			return world.current;
		},
		runbooksSince: async () => [],
		now: () => clock,
	};
	const runner = createLessonRunner(store, deps, () => ({sandboxUrl: 'http://127.0.0.1:1', configFolder: '/practice/config'}));
	let generation = 0;
	const run = (operationId: string, params: Record<string, unknown>, dryRun: boolean) => {
		generation++;
		clock += 10;
		store.dispatch({type: 'params-accepted', params});
		store.dispatch({type: 'run', action: {type: 'run-started', generation, operationId, title: operationId, dryRun, tenants: [dental], at: clock}});
		const summary: RunSummary = {operationId, params, startedAt: clock, finishedAt: clock + 5, outcomes: [], succeeded: 1, failed: 0, cancelled: 0, rows: 3};
		store.dispatch({type: 'run', action: {type: 'run-events', generation, events: [{type: 'finished', summary, at: clock + 5}]}});
	};
	return {store, runner, run, done, reads: () => reads};
}

test('the engine follows lesson 2 from the store and the practice cloud, and remembers it once', async t => {
	const world = {current: before};
	const {store, runner, run, done, reads} = setup(world);
	await runner.begin('password-never-expires');
	await runner.idle();
	t.is(store.getState().lesson?.step, 0);
	t.regex(store.getState().lesson?.do ?? '', /clifton dental/);
	t.is(reads(), 1, 'the practice cloud is read once at the start, as the baseline');

	run('password-never-expires-report', {}, false);
	await runner.idle();
	t.is(store.getState().lesson?.step, 1);
	run('password-never-expires-set', {users: three, neverExpires: 'off'}, true);
	await runner.idle();
	t.is(store.getState().lesson?.step, 2);
	// Finished, but the cloud has not changed yet: the step waits for the result, not the keys.
	run('password-never-expires-set', {users: three, neverExpires: 'off'}, false);
	await runner.idle();
	t.is(store.getState().lesson?.step, 2);
	t.false(store.getState().lesson?.done);

	world.current = {...before, users: new Map([...before.users, ...three.map(user => [user, 'None'] as const)])};
	run('password-never-expires-set', {users: three, neverExpires: 'off'}, false);
	await runner.idle();
	t.true(store.getState().lesson?.done);
	t.is(store.getState().lesson?.next, 'weekly-runbook');
	t.is(reads(), 5, 'read again after every finished run');
	store.dispatch({type: 'notified', notice: {tone: 'info', text: 'anything'}});
	await runner.idle();
	t.deepEqual(done, ['password-never-expires'], 'remembered once');
	runner.stop();
});

test('the engine names the mistake when the real run came first', async t => {
	const world = {current: before};
	const {store, runner, run} = setup(world);
	await runner.begin('password-never-expires');
	await runner.idle();
	run('password-never-expires-report', {}, false);
	world.current = {...before, users: new Map([...before.users, ...three.map(user => [user, 'None'] as const)])};
	run('password-never-expires-set', {users: three, neverExpires: 'off'}, false);
	await runner.idle();
	t.regex(store.getState().lesson?.mistake?.what ?? '', /without a dry run first/);
	t.false(store.getState().lesson?.done);
	runner.stop();
});

test('an unknown lesson says so; with no id the first lesson not done starts', async t => {
	const {store, runner} = setup({current: before});
	await runner.begin('nope');
	t.regex(store.getState().notice?.text ?? '', /No lesson "nope"; "tenantdeck learn --list" shows them/);
	t.is(store.getState().lesson, undefined);
	t.is(firstToDo([{lesson}, {lesson: weekly}], {'password-never-expires': '2026-11-01'})?.id, 'weekly-runbook');
	t.is(firstToDo([{lesson}, {lesson: weekly}], {'password-never-expires': 'x', 'weekly-runbook': 'y'})?.id, 'password-never-expires');
});
