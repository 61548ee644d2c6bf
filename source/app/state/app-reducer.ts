// Every change to the console's state is one of these named actions, folded by one pure reducer.
// The controller decides when (after a sign-in, a load, a key); this file decides what changes.

import type {AnyOperation} from '../../core/operation.js';
import type {Account, DeviceCode} from '../../core/ports.js';
import type {Groups} from '../../core/tenant-match.js';
import type {Tenant} from '../../core/tenant.js';
import type {Notice} from '../../components/frame.js';
import {focusedText, type AppState, type SessionStatus, type WritePlanState} from './app-state.js';
import {counted, dropProblems, type WritePlan} from '../../core/write-targets.js';
import {destination, type NavigationMove} from './navigation.js';
import {pickerReducer, type PickerAction} from './picker-state.js';
import {runReducer, type RunAction, type RunState} from './run-state.js';
import {resultsReducer, type ResultsAction, type ResultsState} from './results-state.js';
import {createFormState, formReducer, type FormAction} from './params-state.js';
import type {LessonView} from './lesson-view.js';
import {createDoctorState, doctorReducer, type DoctorAction} from './doctor-state.js';

export type AppAction =
	// Moving between screens (navigation.ts decides where a move leads)
	| {type: 'navigate'; move: NavigationMove}
	| {type: 'show-welcome'; notice?: Notice}
	| {type: 'help-toggled'; open: boolean}
	| {type: 'help-scrolled'; to: number}
	| {type: 'setup-scrolled'; to: number}
	| {type: 'text-cursor-moved'; field: string; at: number}
	| {type: 'notified'; notice: Notice | undefined}
	| {type: 'lesson-changed'; lesson: LessonView | undefined}
	// Opening the cloud and signing in
	| {type: 'cloud-opening'; text: string}
	| {type: 'cloud-opened'; cloud: 'public' | 'sandbox'}
	| {type: 'sessions-changed'; sessions: SessionStatus}
	| {type: 'sign-in-started'; notice?: string}
	| {type: 'device-code'; code: DeviceCode}
	| {type: 'sign-in-failed'; error: string}
	| {type: 'sign-in-cancelled'}
	| {type: 'signed-in'; account: Account; groups: Groups; notice: Notice}
	| {type: 'operations-loaded'; operations: readonly AnyOperation[]}
	// Tenants and groups
	| {type: 'welcome-move'; to: number}
	| {type: 'tenants-loading'}
	| {type: 'tenants-loaded'; tenants: readonly Tenant[]}
	| {type: 'tenants-failed'; error: string}
	| {type: 'group-name-started'}
	| {type: 'group-name-edited'; name: string}
	| {type: 'group-name-cancelled'}
	| {type: 'group-saved'; name: string; tenantIds: readonly string[]; setAside?: string}
	| {type: 'groups-opened'}
	| {type: 'groups-move'; to: number}
	/** A saved group's tenants added to the selection, or replacing it. */
	| {type: 'group-used'; name: string; mode: 'add' | 'replace'}
	| {type: 'group-delete-asked'}
	| {type: 'group-delete-cancelled'}
	| {type: 'group-deleted'; name: string}
	| {type: 'groups-closed'}
	// Operation, parameters, confirmation
	| {type: 'operations-move'; to: number}
	| {type: 'operation-chosen'; operation: AnyOperation}
	| {type: 'params-accepted'; params: Record<string, unknown>}
	| {type: 'confirm-edited'; text: string}
	| {type: 'write-plan-ready'; plan: WritePlan}
	| {type: 'write-plan-failed'; error: string}
	/** A dry run of the confirmation's plan `from` found targets missing: the confirmation shows `plan`, without them. */
	| {type: 'write-plan-narrowed'; from: WritePlan; plan: WritePlan}
	/** Names no selected tenant owns are given up, on purpose: the rest can run. */
	| {type: 'targets-dropped'}
	/** r on a write: the failed tenants go through the same confirmation (dry run offered). */
	| {type: 'retry-confirm'; live: boolean}
	// A run and its rows
	| {type: 'run-opened'; folder: string}
	| {type: 'rows-opened'; which: 'results' | 'tenant-rows'; notice?: Notice}
	// Quitting
	| {type: 'quit-asked'}
	| {type: 'quit-declined'}
	| {type: 'quitting'}
	// The per-screen reducers
	| {type: 'picker'; action: PickerAction}
	| {type: 'form'; action: FormAction}
	| {type: 'run'; action: RunAction}
	| {type: 'results'; action: ResultsAction}
	| {type: 'tenant-rows'; action: ResultsAction}
	| {type: 'doctor'; action: DoctorAction};

const clamp = (to: number, count: number) => Math.min(Math.max(0, to), Math.max(0, count - 1));

/** A move to another screen clears the notice that belonged to the last one. */
function navigate(state: AppState, move: NavigationMove): AppState {
	const screen = destination(state, move);
	if (screen === undefined) return state;
	// The setup guide opens at its top, however far it was scrolled the last time it showed.
	return {...state, screen, notice: undefined, ...(state.setupScroll ? {setupScroll: 0} : {})};
}

export function appReducer(state: AppState, action: AppAction): AppState {
	const next = reduce(state, action);
	// A cursor belongs to its field: when another field (or none) takes the keys, the next one starts at its end.
	if (next.textCursor && focusedText(next)?.field !== next.textCursor.field) return {...next, textCursor: undefined};
	return next;
}

function groupUsed(state: AppState, name: string, mode: 'add' | 'replace'): AppState {
	const ids = state.groups[name];
	if (!ids) return state;
	const before = state.picker.selected.size;
	const picker = pickerReducer(state.picker, {type: mode === 'add' ? 'add-ids' : 'select-ids', ids});
	const text = mode === 'add'
		? `Added group "${name}" to the selection: ${picker.selected.size - before} more, ${picker.selected.size} selected.`
		: `Selection replaced by group "${name}": ${picker.selected.size} selected (was ${before}).`;
	return {...state, picker, groupsCursor: undefined, notice: {tone: 'success', text}};
}

/** A copy of the saved groups with no prototype, as groups.json is read: a name is only ever a group. */
function groupsCopy(groups: Groups): Record<string, readonly string[]> {
	return Object.assign(Object.create(null) as Record<string, readonly string[]>, groups);
}

function groupDeleted(state: AppState, name: string): AppState {
	const groups = groupsCopy(state.groups);
	delete groups[name];
	const count = Object.keys(groups).length;
	return {
		...state, groups, groupDeleting: undefined,
		groupsCursor: count === 0 ? undefined : clamp(state.groupsCursor ?? 0, count),
		notice: {tone: 'success', text: `Deleted group "${name}". The tenants themselves and the selection are unchanged.`},
	};
}

function reduce(state: AppState, action: AppAction): AppState {
	switch (action.type) {
		case 'navigate': return navigate(state, action.move);
		case 'show-welcome': return {...state, screen: 'welcome', notice: action.notice ?? state.notice};
		case 'help-toggled': return {...state, overlay: action.open ? 'help' : undefined, helpScroll: 0};
		case 'help-scrolled': return {...state, helpScroll: Math.max(0, action.to)};
		case 'setup-scrolled': return {...state, setupScroll: Math.max(0, action.to)};
		case 'text-cursor-moved': return {...state, textCursor: {field: action.field, at: action.at}};
		case 'notified': return {...state, notice: action.notice};
		case 'lesson-changed': return {...state, lesson: action.lesson};
		case 'cloud-opening': return {...state, screen: 'starting', starting: action.text, notice: undefined};
		case 'cloud-opened': return {...state, cloud: action.cloud};
		case 'sessions-changed': return {...state, sessions: action.sessions};
		case 'sign-in-started': return {...state, screen: 'sign-in', signIn: {phase: 'waiting', error: action.notice}};
		case 'device-code': return {...state, signIn: {phase: 'waiting', code: action.code}};
		case 'sign-in-failed': return {...state, screen: 'sign-in', signIn: {phase: 'failed', error: action.error}};
		case 'sign-in-cancelled': return {...state, signIn: {phase: 'cancelled'}};
		case 'signed-in': return {...state, account: action.account, screen: 'tenants', groups: action.groups, notice: action.notice};
		case 'operations-loaded': return {...state, operations: action.operations, operationCursor: clamp(state.operationCursor, action.operations.length)};
		case 'welcome-move': return {...state, welcomeCursor: clamp(action.to, 4)};
		case 'tenants-loading': return {...state, tenantsPhase: 'loading', tenantsError: undefined};
		case 'tenants-loaded': return {...state, tenantsPhase: 'ready', picker: pickerReducer(state.picker, {type: 'set-tenants', tenants: action.tenants})};
		case 'tenants-failed': return {...state, tenantsPhase: 'failed', tenantsError: action.error};
		case 'group-name-started': return {...state, groupName: ''};
		case 'group-name-edited': return state.groupName === undefined ? state : {...state, groupName: action.name};
		case 'group-name-cancelled': return {...state, groupName: undefined};
		case 'group-saved': {
			const aside = action.setAside ? ` The unreadable old file was kept as ${action.setAside}.` : '';
			return {
				...state, groupName: undefined, groups: Object.assign(groupsCopy(state.groups), {[action.name]: [...action.tenantIds]}),
				notice: {tone: aside ? 'danger' : 'success', text: `Saved group "${action.name}" (${counted(action.tenantIds.length, 'tenant')}); use it headless as --tenants @${action.name}.${aside}`},
			};
		}
		case 'groups-opened': return {...state, groupsCursor: 0};
		case 'groups-move': return {...state, groupsCursor: clamp(action.to, Object.keys(state.groups).length)};
		case 'group-used': return groupUsed(state, action.name, action.mode);
		case 'group-delete-asked': {
			const name = Object.keys(state.groups)[state.groupsCursor ?? 0];
			return name === undefined ? state : {...state, groupDeleting: name};
		}
		case 'group-delete-cancelled': return {...state, groupDeleting: undefined};
		case 'group-deleted': return groupDeleted(state, action.name);
		case 'groups-closed': return {...state, groupsCursor: undefined, groupDeleting: undefined};
		case 'operations-move': return {...state, operationCursor: clamp(action.to, state.operations.length)};
		case 'operation-chosen': return navigate({...state, operation: action.operation, form: createFormState(action.operation), params: undefined}, 'choose');
		case 'params-accepted': {
			const accepted = {...state, params: action.params};
			return state.operation?.risk === 'write' ? navigate({...accepted, confirmText: '', writePlan: {phase: 'checking'}}, 'confirm') : accepted;
		}
		case 'confirm-edited': return {...state, confirmText: action.text};
		case 'write-plan-ready': return state.writePlan ? {...state, writePlan: {phase: 'ready', plan: action.plan, retry: state.writePlan.retry}} : state;
		case 'write-plan-narrowed':
			// Only the plan the dry run ran from: one checked since (the form resubmitted) is left alone.
			return state.writePlan?.phase === 'ready' && state.writePlan.plan === action.from
				? {...state, confirmText: '', writePlan: {...state.writePlan, plan: action.plan}}
				: state;
		case 'write-plan-failed': return state.writePlan ? {...state, writePlan: {phase: 'failed', error: action.error, retry: state.writePlan.retry}} : state;
		case 'targets-dropped': return state.writePlan?.phase === 'ready' ? {...state, confirmText: '', writePlan: {...state.writePlan, plan: dropProblems(state.writePlan.plan)}} : state;
		case 'retry-confirm': {
			const writePlan: WritePlanState = {phase: 'checking', retry: action.live ? 'live' : 'finished'};
			return navigate({...state, confirmText: '', writePlan}, 'retry');
		}
		case 'run-opened': return {...navigate(state, 'launch'), confirmText: '', notice: {tone: 'info', text: `Rows are saved as they arrive in ${action.folder}`}};
		case 'rows-opened': {
			const moved = navigate(state, action.which === 'results' ? 'results' : 'open-tenant');
			return {...moved, notice: action.notice};
		}
		case 'quit-asked': return {...state, overlay: 'quit-ask'};
		case 'quit-declined': return {...state, overlay: undefined};
		case 'quitting': return {...state, quitting: true, overlay: undefined, notice: {tone: 'info', text: 'Closing…'}};
		case 'picker': return {...state, picker: pickerReducer(state.picker, action.action)};
		case 'form': return state.form ? {...state, form: formReducer(state.form, action.action)} : state;
		case 'run':
			if (action.action.type === 'run-started') return {...state, run: runReducer(state.run as RunState, action.action)};
			return state.run ? {...state, run: runReducer(state.run, action.action)} : state;
		case 'results':
			if (action.action.type === 'results-loaded') return {...state, results: resultsReducer(state.results as ResultsState, action.action)};
			return state.results ? {...state, results: resultsReducer(state.results, action.action)} : state;
		case 'tenant-rows':
			if (action.action.type === 'results-loaded') return {...state, tenantRows: resultsReducer(state.tenantRows as ResultsState, action.action)};
			return state.tenantRows ? {...state, tenantRows: resultsReducer(state.tenantRows, action.action)} : state;
		case 'doctor': return {...state, doctor: doctorReducer(state.doctor ?? createDoctorState(), action.action)};
	}
}
