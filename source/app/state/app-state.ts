// Everything the console shows, in one value. Screens read slices of it; the controller is the
// only writer, through named actions (app-reducer.ts), so a test can set any state and render any screen.

import type {AnyOperation} from '../../core/operation.js';
import type {Account, DeviceCode} from '../../core/ports.js';
import type {Groups} from '../../core/tenant-match.js';
import type {Notice} from '../../components/frame.js';
import {createPickerState, type PickerState} from './picker-state.js';
import {isRunLive, runCounts, type RunState} from './run-state.js';
import type {ResultsState} from './results-state.js';
import type {FormState} from './params-state.js';
import type {LessonView} from './lesson-view.js';
import type {DoctorState} from './doctor-state.js';
import type {WritePlan} from '../../core/write-targets.js';

/**
 * A write's targets matched to tenants, for the confirmation. `retry` marks a confirmation for
 * retrying failed tenants ('live': they rejoin the running run).
 */
export type WritePlanState =
	| {readonly phase: 'checking'; readonly retry?: 'live' | 'finished'}
	| {readonly phase: 'ready'; readonly plan: WritePlan; readonly retry?: 'live' | 'finished'}
	| {readonly phase: 'failed'; readonly error: string; readonly retry?: 'live' | 'finished'};

export type Screen =
	| 'starting' | 'welcome' | 'setup' | 'sign-in' | 'tenants' | 'operations' | 'params' | 'confirm' | 'run' | 'tenant-rows' | 'results'
	| 'doctor';

export type SignInState = {
	readonly phase: 'opening' | 'waiting' | 'failed' | 'cancelled';
	readonly code?: DeviceCode;
	/** What went wrong, message and hint, ready to show. */
	readonly error?: string;
};

/** Exchange session use, as the session supervisor reports it. */
export type SessionStatus = {readonly busy: number; readonly warming: number; readonly idle: number; readonly max: number};

export type AppState = {
	readonly screen: Screen;
	readonly overlay?: 'help' | 'quit-ask';
	readonly cloud?: 'sandbox' | 'public';
	readonly account?: Account;
	/** What is happening while the screen is 'starting'. */
	readonly starting: string;
	readonly welcomeCursor: number;
	readonly signIn: SignInState;
	readonly tenantsPhase: 'idle' | 'loading' | 'ready' | 'failed';
	readonly tenantsError?: string;
	readonly picker: PickerState;
	readonly groups: Groups;
	/** The group name being typed, while naming a group. */
	readonly groupName?: string;
	/** Cursor in the saved groups list, while it is open. */
	readonly groupsCursor?: number;
	/** The saved group whose deletion is being asked about. */
	readonly groupDeleting?: string;
	/** First line of the `?` overlay shown (it scrolls). */
	readonly helpScroll?: number;
	/** First row of the setup guide shown (it scrolls on a short terminal). */
	readonly setupScroll?: number;
	/** Where the cursor is in the focused text field; another field, or none, means its end. */
	readonly textCursor?: {readonly field: string; readonly at: number};
	readonly operations: readonly AnyOperation[];
	readonly operationCursor: number;
	readonly operation?: AnyOperation;
	readonly form?: FormState;
	/** Checked parameters, once the form is submitted. */
	readonly params?: Record<string, unknown>;
	readonly confirmText: string;
	/** The write being confirmed: which tenants and targets it will really change. */
	readonly writePlan?: WritePlanState;
	readonly run?: RunState;
	readonly results?: ResultsState;
	readonly tenantRows?: ResultsState;
	/** The access check (d in the tenant picker). */
	readonly doctor?: DoctorState;
	readonly sessions?: SessionStatus;
	readonly notice?: Notice;
	/** The guided lesson in progress (tenantdeck learn), shown above every screen. */
	readonly lesson?: LessonView;
	readonly quitting: boolean;
};

export function initialAppState(operations: readonly AnyOperation[] = []): AppState {
	return {
		screen: 'starting',
		starting: 'Starting…',
		welcomeCursor: 0,
		signIn: {phase: 'opening'},
		tenantsPhase: 'idle',
		picker: createPickerState(),
		groups: {},
		operations,
		operationCursor: 0,
		confirmText: '',
		quitting: false,
	};
}

/** The text field that has the keys (letters type into it instead of acting), with its value. */
export type FocusedText = {readonly field: string; readonly value: string};

export function focusedText(state: AppState): FocusedText | undefined {
	if (state.overlay) return undefined;
	switch (state.screen) {
		case 'confirm': return {field: 'confirm', value: state.confirmText};
		case 'params': {
			const field = state.form?.fields[state.form.focus];
			if (!field || (field.kind !== 'text' && field.kind !== 'number')) return undefined;
			return {field: `param:${field.name}`, value: String(state.form!.values[field.name] ?? '')};
		}
		case 'run':
			return state.run?.editingFilter === true && !state.run.asking ? {field: 'run-filter', value: state.run.view.text} : undefined;
		case 'tenants':
			if (state.groupName !== undefined) return {field: 'group-name', value: state.groupName};
			return state.picker.editingFilter && state.groupsCursor === undefined ? {field: 'filter', value: state.picker.filter} : undefined;
		default: return undefined;
	}
}

/** True while a text field has the keys, so letters type instead of acting (`q`, `?`). */
export function hasTextFocus(state: AppState): boolean {
	return focusedText(state) !== undefined;
}

/** The cursor of the focused field, in code points: where it was left, or the end. */
export function textCursorOf(state: AppState, text: FocusedText): number {
	const length = [...text.value].length;
	return state.textCursor?.field === text.field ? Math.min(Math.max(0, state.textCursor.at), length) : length;
}

/**
 * The notice the screen shows: the stored one, except on a finished run where every tenant failed,
 * which says so and how to retry. The App counts the rows of this same notice, so the frame fits.
 */
export function shownNotice(state: AppState): Notice | undefined {
	const {run} = state;
	if (state.screen === 'run' && run && !isRunLive(run) && run.tenants.length > 0 && runCounts(run).failed === run.tenants.length) {
		return {tone: 'danger', text: 'Every tenant failed: the reason for the one under the cursor is below; r retries them all.'};
	}
	return state.notice;
}
