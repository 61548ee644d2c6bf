// One of anything is said in the singular: "1 row", "1 tenant", "+1 more tenant", never "1 rows",
// "all 1 tenants" or "+1 more tenants" — on the run screen, in the confirmation, in the notices.

import test from 'ava';
import type {AppAction} from '../../source/app/state/app-reducer.js';
import {doctorSummary, type DoctorState} from '../../source/app/state/doctor-state.js';
import {defineOperation} from '../../source/core/operation.js';
import type {WritePlan} from '../../source/core/write-targets.js';
import {z} from 'zod';
import {pickAndRun, setup, toTenants, until} from './controller-setup.js';
import {given, shownAt, stateWith, tenants, writeOp} from './fixtures.js';
import {show} from './show.js';

const size = {width: 60, height: 19};
const plurals = /\b1 (rows|tenants|more tenants|more lines)\b|all 1 tenants/;
const one = tenants(1);
const started: AppAction = {type: 'run', action: {type: 'run-started', generation: 1, operationId: 'things-list', title: 'List things', tenants: one, at: shownAt - 5000}};
const oneRow: AppAction = {type: 'run', action: {type: 'run-events', generation: 1, events: [{type: 'succeeded', tenant: one[0]!, rows: 1, durationMs: 300, at: shownAt}]}};

/** Words of the frame on one line: a phrase wrapped over two rows still reads as one. */
const words = (frame: string) => frame.replace(/\s+/g, ' ');

// Serial: one Ink render at a time, as in the other screen tests.
test.serial('a run of one tenant that returned one row says "1 row" and "1 tenant"', t => {
	const screen = show(t, stateWith(given({screen: 'run'}), started, oneRow), {width: 100, height: 29});
	const frame = words(screen.frame());
	t.notRegex(frame, plurals, frame);
	t.regex(frame, /1\/1 · 1 row\b/, frame);
	t.regex(frame, /^.*\b1 tenant · /m, frame);
	t.regex(frame, /done in 0\.3s, 1 row\. Enter shows it\./, frame);
	screen.unmount();
});

test.serial('the confirmation says "+1 more tenant" when one tenant is left off the list', t => {
	const confirmFor = (count: number) => {
		const selected = tenants(count);
		const plan: WritePlan = {tenants: selected, targets: new Map(), problems: [], idle: [], dropped: []};
		return stateWith(given({screen: 'confirm', operation: writeOp, params: {mode: 'off'}, writePlan: {phase: 'ready', plan}}));
	};
	const many = show(t, confirmFor(40), size);
	const more = Number(/\+(\d+) more tenants/.exec(words(many.frame()))?.[1]);
	many.unmount();
	t.true(more > 1, 'a long list says how many more');
	const screen = show(t, confirmFor(40 - more + 1), size);
	const frame = words(screen.frame());
	t.regex(frame, /\+1 more tenant\b(?!s)/, frame);
	t.notRegex(frame, plurals, frame);
	screen.unmount();
});

test('the access check sums up one tenant in the singular', t => {
	const base = {phase: 'done', total: 1, operation: writeOp, rows: []} as unknown as DoctorState;
	t.is(doctorSummary({...base, rows: [{ready: true}]} as unknown as DoctorState), 'The tenant is ready for thing-set.');
	t.regex(doctorSummary({...base, rows: [{ready: false}]} as unknown as DoctorState), /^1 of 1 tenant is not ready: fix it /);
	t.regex(doctorSummary({...base, total: 3, rows: [{ready: false}, {ready: true}, {ready: true}]} as unknown as DoctorState), /^1 of 3 tenants is not ready/);
});

test('a saved group of one tenant says "1 tenant"', t => {
	const state = stateWith(given({screen: 'tenants'}), {type: 'group-saved', name: 'solo', tenantIds: ['a']});
	t.regex(state.notice?.text ?? '', /\(1 tenant\)/);
});

test.serial('a run that returned one row says so in its notice and in its export\'s', async t => {
	const single = defineOperation({
		id: 'one-thing', title: 'One thing', description: 'One row per tenant.', risk: 'read', backend: 'graph', powershell: 'Get-Thing -First 1',
		params: z.object({}), columns: ['name'],
		async *run({tenant}) {
			yield {name: tenant.tenantName};
		},
	});
	const {store, controller} = await setup(t, {operations: [single]});
	await toTenants(store, controller);
	pickAndRun(controller);
	const done = await until(store, state => /^Finished/.test(state.notice?.text ?? ''), 'the run');
	t.regex(done.notice!.text, /^Finished: 1 done, 1 row\. /);
	controller.openResults();
	await until(store, state => state.screen === 'results', 'results');
	controller.exportAs('csv');
	const exported = await until(store, state => /^Exported/.test(state.notice?.text ?? ''), 'the export');
	t.regex(exported.notice!.text, /^Exported 1 row to /);
	controller.requestQuit('key');
	await controller.exited;
});
