// Where each screen's moves lead, in one table: Esc ("back"), Enter and the other keys that change
// screen say a move, and this table alone decides the destination. A move a screen does not list
// (or whose rule answers undefined, e.g. Esc while a run is live) leaves the screen as it is.
// The screens the session itself puts you on (welcome, starting, sign-in, and the tenant list once
// signed in) follow its events, not a key: those events' actions set them (app-reducer.ts).

import type {AppState, Screen} from './app-state.js';
import {isRunLive} from './run-state.js';

export type NavigationMove =
	| 'back' // Esc
	| 'setup' // welcome: read how to connect a real partner
	| 'continue' // tenants: Enter with a selection
	| 'choose' // operations: Enter on an operation
	| 'confirm' // params: a write operation's checked form goes to the confirmation
	| 'launch' // params, confirm, run: a run (or its retry) starts
	| 'open-tenant' // run: Enter on a tenant
	| 'results' // run: v
	| 'new-run' // run: N
	| 'retry' // run: r on a write operation's failed tenants, to confirm their targets again
	| 'doctor'; // tenants: d, the access check

type Rule = Screen | ((state: AppState) => Screen | undefined);

export const navigation: {readonly [S in Screen]: Readonly<Partial<Record<NavigationMove, Rule>>>} = {
	starting: {},
	welcome: {setup: 'setup'},
	setup: {back: 'welcome'},
	'sign-in': {},
	tenants: {continue: state => (state.picker.selected.size > 0 ? 'operations' : undefined), doctor: 'doctor'},
	doctor: {back: 'tenants'},
	operations: {back: 'tenants', choose: 'params'},
	params: {back: 'operations', confirm: 'confirm', launch: 'run'},
	// A retry's confirmation came from the run, so Esc goes back there; otherwise to the form, values kept.
	confirm: {back: state => (state.writePlan?.retry ? 'run' : 'params'), launch: 'run'},
	run: {
		// A finished dry run goes back to its confirmation, so the real run is one key away.
		back: state => (isRunLive(state.run) ? undefined : state.run?.dryRun ? 'confirm' : 'operations'),
		launch: 'run',
		'open-tenant': 'tenant-rows',
		results: 'results',
		'new-run': state => (isRunLive(state.run) ? undefined : 'tenants'),
		retry: 'confirm',
	},
	'tenant-rows': {back: 'run'},
	results: {back: 'run'},
};

/** The screen a move leads to from the current state, or undefined when it leads nowhere. */
export function destination(state: AppState, move: NavigationMove): Screen | undefined {
	const rule = navigation[state.screen][move];
	return typeof rule === 'function' ? rule(state) : rule;
}
