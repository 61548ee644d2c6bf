// One meaning per key on every screen: for each state the console can be in, the scopes
// key-scopes.ts makes live (and the ones the `?` overlay lists) never bind one key to two commands.

import test from 'ava';
import {keyScopesFor} from '../../source/app/state/key-scopes.js';
import {helpContexts, helpLines} from '../../source/app/state/help-lines.js';
import {createFormState} from '../../source/app/state/params-state.js';
import type {AppState, Screen} from '../../source/app/state/app-state.js';
import type {RunState} from '../../source/app/state/run-state.js';
import type {ResultsState} from '../../source/app/state/results-state.js';
import {keyLabel, keymap, type KeyScope} from '../../source/ui/keymap.js';
import {given, readOp, stateWith, writeOp} from './fixtures.js';

const base = stateWith(given({groups: {retail: ['a']}}));
const on = (screen: Screen, extra: Partial<AppState> = {}): AppState => ({...base, screen, ...extra});
const run = (value: Partial<RunState>) => value as RunState;
const rows = (value: Partial<ResultsState>) => value as ResultsState;
const textForm = createFormState(readOp);
const choiceForm = createFormState(writeOp);

/** Every branch of keyScopesFor, named. */
const states: Array<[string, AppState]> = [
	['starting', on('starting')],
	['welcome', on('welcome')],
	['setup', on('setup')],
	['sign-in', on('sign-in')],
	['tenants', on('tenants')],
	['tenants: filtering', on('tenants', {picker: {...base.picker, editingFilter: true}})],
	['tenants: naming a group', on('tenants', {groupName: 'x'})],
	['tenants: saved groups', on('tenants', {groupsCursor: 0})],
	['tenants: deleting a group', on('tenants', {groupsCursor: 0, groupDeleting: 'retail'})],
	['operations', on('operations')],
	['params: text field', on('params', {operation: readOp, form: textForm})],
	['params: number field', on('params', {operation: readOp, form: {...textForm, focus: 1}})],
	['params: choice field', on('params', {operation: writeOp, form: choiceForm})],
	['params: no fields', on('params', {operation: readOp, form: {fields: [], values: {}, focus: 0}})],
	['confirm', on('confirm', {operation: writeOp})],
	['run', on('run', {run: run({})})],
	['run: stop?', on('run', {run: run({asking: true})})],
	['run: filtering', on('run', {run: run({editingFilter: true, view: {text: ''}} as Partial<RunState>)})],
	['access check: choosing', on('doctor', {doctor: {phase: 'choosing'} as AppState['doctor']})],
	['access check', on('doctor', {doctor: {phase: 'done'} as AppState['doctor']})],
	['tenant rows', on('tenant-rows', {tenantRows: rows({})})],
	['tenant rows: export', on('tenant-rows', {tenantRows: rows({exporting: true})})],
	['results', on('results', {results: rows({})})],
	['results: export', on('results', {results: rows({exporting: true})})],
	['help', on('tenants', {overlay: 'help'})],
	['quit?', on('run', {overlay: 'quit-ask'})],
];

function clashes(scopes: readonly KeyScope[]): string[] {
	const meaning = new Map<string, string>();
	const found: string[] = [];
	for (const binding of keymap) {
		if (!binding.contexts.some(context => scopes.includes(context))) continue;
		for (const spec of binding.keys) {
			const other = meaning.get(spec);
			if (other !== undefined && other !== binding.command) found.push(`${keyLabel(spec)} is both ${other} and ${binding.command}`);
			meaning.set(spec, binding.command);
		}
	}
	return found;
}

test('no key has two meanings on any screen, in what it binds or what its help lists', t => {
	for (const [name, state] of states) {
		t.deepEqual(clashes(keyScopesFor(state)), [], `${name}: ${keyScopesFor(state).join(', ')}`);
		if (state.overlay !== undefined) continue;
		t.deepEqual(clashes(helpContexts({...state, overlay: 'help'})), [], `${name} (help)`);
		const listed = helpLines(helpContexts({...state, overlay: 'help'})).flatMap(line => (line.kind === 'key' ? line.keys.split(' / ') : []));
		t.is(new Set(listed).size, listed.length, `${name}: the help lists a key twice: ${listed.join(', ')}`);
	}
});

test('the check finds a clash when two scopes that never meet are put together', t => {
	// `d` checks access in the tenant list and deletes a group in the groups list: fine apart, a clash together.
	t.true(clashes(['tenants', 'groups']).includes('d is both check-access and delete-group'));
});

test('the states above reach every scope the keymap uses, so a new scope cannot escape the check', t => {
	const reached = new Set(states.flatMap(([, state]) => keyScopesFor(state)));
	const used = new Set(keymap.flatMap(binding => binding.contexts));
	t.deepEqual([...used].filter(scope => !reached.has(scope)), [], 'add a state for each new scope to the list above');
});

test('Esc means one thing on the run screen, whether the run is live or finished', t => {
	const escapes = keymap.filter(binding => binding.contexts.some(context => keyScopesFor(on('run', {run: run({})})).includes(context)) && binding.keys.includes('esc' as never));
	t.deepEqual(escapes.map(binding => binding.command), ['leave-run']);
});

test('while a field types, the help lists no letter keys except `?` (which helps only on an empty field)', t => {
	const listed = helpLines(helpContexts({...on('tenants', {picker: {...base.picker, editingFilter: true}}), overlay: 'help'}));
	const keys = listed.flatMap(line => (line.kind === 'key' ? line.keys.split(' / ') : []));
	t.deepEqual(keys.filter(key => /^[\x21-\x7e]$/.test(key)), ['?']);
	t.true(keys.includes('F1'));
	t.true(keys.includes('Ctrl+W'));
	t.false(keys.includes('q'), 'q types in a field');
});
