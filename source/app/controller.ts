// The console's controller: turns screen intents into calls on core and the adapters and writes
// the outcome into the store. Screens never fetch or spawn; this file and controller-run.ts do.
// This part owns the session: welcome, sign-in, tenants and groups, and the way out.

import {describeError, asTenantdeckError} from '../core/errors.js';
import {settleWithin} from '../core/settle-within.js';
import {exitCodes} from '../core/exit-codes.js';
import type {Account} from '../core/ports.js';
import {groupNameProblem} from '../core/group-name.js';
import {counted} from '../core/write-targets.js';
import {registerCleanup, runCleanups} from '../core/teardown.js';
import type {PickerAction} from './state/picker-state.js';
import {selectedTenants} from './state/picker-state.js';
import {isRunLive} from './state/run-state.js';
import type {Store} from './store.js';
import type {ConsoleConnection, ConsoleOptions, ControllerDeps} from './controller-deps.js';
import {guarded, type ControllerContext} from './controller-context.js';
import {createRunIntents, type RunIntents} from './controller-run.js';
import {createLessonRunner} from './lesson-runner.js';
import {createDoctorIntents, type DoctorIntents} from './controller-doctor.js';

export type SessionIntents = {
	start(): void;
	welcomeMove(to: number): void;
	chooseSandbox(): void;
	/** "Guided practice": the practice cloud with the first lesson not done yet. */
	startPractice(): void;
	showSetup(): void;
	retrySignIn(): void;
	cancelSignIn(): void;
	picker(action: PickerAction): void;
	refreshTenants(): void;
	startGroupName(): void;
	editGroupName(name: string): void;
	saveGroup(): void;
	cancelGroupName(): void;
	openGroups(): void;
	groupsMove(to: number): void;
	/** The highlighted group's tenants join the selection ('add') or become it ('replace'). */
	useGroup(mode: 'add' | 'replace'): void;
	askDeleteGroup(): void;
	confirmDeleteGroup(): void;
	keepGroup(): void;
	closeGroups(): void;
	continueToOperations(): void;
	back(): void;
	toggleHelp(open: boolean): void;
	/** First line of the help overlay shown. */
	helpScroll(to: number): void;
	/** First row of the setup guide shown. */
	setupScroll(to: number): void;
	/** The focused text field's cursor, after a key moved it. */
	moveTextCursor(field: string, at: number): void;
	/** q, Ctrl+C or a signal: asks first while a run is live, unless a signal sent it. */
	requestQuit(source: 'key' | 'signal'): void;
	confirmQuit(): void;
	stayQuit(): void;
};

export type Controller = SessionIntents & RunIntents & DoctorIntents & {
	/** Settles with the exit code once shutdown has finished. */
	readonly exited: Promise<number>;
};

export function createController(store: Store, options: ConsoleOptions, deps: ControllerDeps): Controller {
	const folders = deps.folders(options.env);
	let connection: ConsoleConnection | undefined;
	let forgetConnection: (() => void) | undefined;
	let account: Account | undefined;
	let signIn: AbortController | undefined;
	let opening: Promise<ConsoleConnection> | undefined;
	let shuttingDown: Promise<void> | undefined;
	let sandbox = Boolean(options.sandbox || options.sandboxUrl);
	let exitCode = 0;
	let settle: (code: number) => void = () => {};
	const exited = new Promise<number>(resolve => {
		settle = resolve;
	});
	const {dispatch} = store;
	const notify = (tone: 'info' | 'success' | 'danger', text: string) => dispatch({type: 'notified', notice: {tone, text}});
	const context: ControllerContext = {store, deps, folders, connection: () => connection, account: () => account, notify};
	const run = createRunIntents(context);
	const guard = (work: () => Promise<void>) => guarded(context, work);
	// The lesson engine watches the store; it reads the practice cloud, and the runbooks saved in its
	// folder, through the open connection.
	const practice = () => (connection?.cloud.sandboxUrl ? {sandboxUrl: connection.cloud.sandboxUrl, configFolder: connection.folders.config} : undefined);
	const lessons = deps.lessons ? createLessonRunner(store, deps.lessons(folders), practice) : undefined;
	const beginLesson = (id?: string) => {
		sandbox = true;
		lessons?.begin(id).catch(error => notify('danger', `The lesson could not start: ${describeError(error)}`));
	};

	async function open(): Promise<void> {
		dispatch({type: 'cloud-opening', text: sandbox ? 'Starting the practice cloud…' : 'Connecting…'});
		try {
			let warning: string | undefined;
			opening = deps.openConnection({...options, sandbox: sandbox && !options.sandboxUrl, sandboxUrl: options.sandboxUrl, onWarning: text => (warning = text), onNotice: text => notify('info', text)});
			const opened = await opening;
			// Quit was pressed while the cloud was starting: shutdown closes it; do not sign in.
			if (shuttingDown) return;
			connection = opened;
			// Quitting goes through core/teardown, so the sandbox and token cache close on every path.
			const forgetClose = registerCleanup(() => opened.close());
			// Cleanups run newest first: a signal that goes straight to teardown stops the run, then closes.
			const forgetStop = registerCleanup(async () => {
				signIn?.abort();
				await run.stopForQuit();
			});
			forgetConnection = () => {
				forgetStop();
				forgetClose();
			};
			watchSessions(opened);
			dispatch({type: 'cloud-opened', cloud: opened.cloud.kind});
			const known = await opened.auth.account();
			if (known) await signedIn(known);
			else await startSignIn(warning);
		} catch (error) {
			dispatch({type: 'sign-in-failed', error: describeError(error)});
		}
	}

	let forgetSessions: (() => void) | undefined;
	function watchSessions(opened: ConsoleConnection): void {
		const source = opened.supervisor;
		if (!source) return;
		const show = ({busy, warming, idle, max}: {busy: number; warming: number; idle: number; max: number}) => dispatch({type: 'sessions-changed', sessions: {busy, warming, idle, max}});
		show(source.status());
		forgetSessions = source.onStatus(show);
	}

	async function startSignIn(notice?: string): Promise<void> {
		if (!connection) return open();
		signIn?.abort();
		const abort = new AbortController();
		signIn = abort;
		dispatch({type: 'sign-in-started', notice});
		try {
			const signedInAs = await connection.auth.signIn({signal: abort.signal, onCode: code => dispatch({type: 'device-code', code})});
			if (!abort.signal.aborted) await signedIn(signedInAs);
		} catch (error) {
			if (signIn !== abort) return;
			const typed = asTenantdeckError(error);
			dispatch(typed.kind === 'cancelled' || abort.signal.aborted ? {type: 'sign-in-cancelled'} : {type: 'sign-in-failed', error: describeError(typed)});
		}
	}

	async function signedIn(who: Account): Promise<void> {
		account = who;
		// What a killed tenantdeck left open is closed now, before any run needs the slots.
		void connection?.supervisor?.closeLeftovers?.();
		let groupsProblem: string | undefined;
		const [{operations, problems}, groups] = await Promise.all([deps.operations(folders.config), deps.loadGroups(connection?.folders.config ?? folders.config).catch((error: unknown) => {
			groupsProblem = describeError(error);
			return {};
		})]);
		// A broken custom operation file or groups file is skipped, but never silently.
		const notice = groupsProblem
			? {tone: 'danger' as const, text: groupsProblem}
			: problems.length > 0
				? {tone: 'danger' as const, text: `Skipped ${problems.length} custom operation file${problems.length === 1 ? '' : 's'}: ${problems[0]}`}
				: {tone: 'success' as const, text: `Signed in as ${who.username}.`};
		dispatch({type: 'operations-loaded', operations});
		dispatch({type: 'signed-in', account: who, groups, notice});
		await loadTenants(false);
	}

	async function loadTenants(refresh: boolean): Promise<void> {
		if (!connection || !account) return;
		dispatch({type: 'tenants-loading'});
		try {
			let warning: string | undefined;
			const tenants = await deps.loadTenants(connection, account, {refresh, onWarning: text => (warning = text)});
			dispatch({type: 'tenants-loaded', tenants});
			if (warning) notify('danger', warning);
			else if (refresh) notify('success', `Customer list refreshed: ${counted(tenants.length, 'tenant')}.`);
		} catch (error) {
			const typed = asTenantdeckError(error);
			// An expired or revoked sign-in is not a tenant problem: explain it and offer to sign in.
			if (typed.kind === 'auth') {
				dispatch({type: 'sign-in-failed', error: describeError(typed)});
				return;
			}
			dispatch({type: 'tenants-failed', error: describeError(typed)});
		}
	}

	function shutdown(code: number): Promise<void> {
		shuttingDown ??= (async () => {
			// As headless runs do: after a full or read-only disk, a plain quit says so to a wrapping script.
			exitCode = code === 0 && run.storageFailed() ? exitCodes.storage : code;
			lessons?.stop();
			dispatch({type: 'quitting'});
			signIn?.abort();
			await run.stopForQuit();
			// A connection still opening (the sandbox starting) is closed once it is open.
			const pending = opening && !connection ? await settleWithin(opening.catch(() => undefined), 10_000) : undefined;
			forgetConnection?.();
			forgetSessions?.();
			await Promise.allSettled([connection?.close(), pending?.close(), runCleanups()]);
			settle(exitCode);
		})();
		return shuttingDown;
	}

	const state = () => store.getState();
	const session: SessionIntents = {
		start: guard(async () => {
			if (options.lesson) beginLesson(options.lesson.id);
			if (sandbox) return open();
			try {
				if (await deps.hasProfile(folders, options.env)) return open();
				dispatch({type: 'show-welcome'});
			} catch (error) {
				// A malformed profile.json: say which file and what is wrong, and still offer the sandbox.
				dispatch({type: 'show-welcome', notice: {tone: 'danger', text: describeError(error)}});
			}
		}),
		welcomeMove: to => dispatch({type: 'welcome-move', to}),
		chooseSandbox: guard(async () => {
			sandbox = true;
			await open();
		}),
		startPractice: guard(async () => {
			beginLesson();
			await open();
		}),
		showSetup: () => dispatch({type: 'navigate', move: 'setup'}),
		retrySignIn: guard(() => (connection ? startSignIn() : open())),
		cancelSignIn: () => signIn?.abort(),
		picker: action => dispatch({type: 'picker', action}),
		refreshTenants: guard(() => loadTenants(true)),
		startGroupName: () => {
			if (state().picker.selected.size === 0) notify('info', 'Select some tenants first (Space), then save them as a group.');
			else dispatch({type: 'group-name-started'});
		},
		editGroupName: name => dispatch({type: 'group-name-edited', name}),
		saveGroup: guard(async () => {
			const name = (state().groupName ?? '').trim();
			const problem = groupNameProblem(name);
			if (problem) return notify('danger', `Group name "${name}": ${problem} (it is typed as --tenants @name).`);
			const ids = selectedTenants(state().picker).map(tenant => tenant.tenantId);
			// The connection's config: groups saved while practising stay with the sandbox.
			const saved = await deps.saveGroup(connection?.folders.config ?? folders.config, name, ids);
			dispatch({type: 'group-saved', name, tenantIds: ids, setAside: saved?.setAside});
		}),
		cancelGroupName: () => dispatch({type: 'group-name-cancelled'}),
		openGroups: () => {
			if (Object.keys(state().groups).length === 0) notify('info', 'No saved groups yet: select tenants and press s to save one.');
			else dispatch({type: 'groups-opened'});
		},
		groupsMove: to => dispatch({type: 'groups-move', to}),
		useGroup: mode => {
			const name = Object.keys(state().groups)[state().groupsCursor ?? 0];
			if (name !== undefined) dispatch({type: 'group-used', name, mode});
		},
		askDeleteGroup: () => dispatch({type: 'group-delete-asked'}),
		keepGroup: () => dispatch({type: 'group-delete-cancelled'}),
		confirmDeleteGroup: guard(async () => {
			const name = state().groupDeleting;
			if (name === undefined) return;
			try {
				await deps.deleteGroup(connection?.folders.config ?? folders.config, name);
			} catch (error) {
				dispatch({type: 'group-delete-cancelled'});
				throw error;
			}
			dispatch({type: 'group-deleted', name});
		}),
		closeGroups: () => dispatch({type: 'groups-closed'}),
		continueToOperations: () => {
			if (state().picker.selected.size === 0) notify('info', 'Select at least one tenant first: Space selects, a selects every tenant shown.');
			else dispatch({type: 'navigate', move: 'continue'});
		},
		back: () => dispatch({type: 'navigate', move: 'back'}),
		toggleHelp: open => dispatch({type: 'help-toggled', open}),
		helpScroll: to => dispatch({type: 'help-scrolled', to}),
		setupScroll: to => dispatch({type: 'setup-scrolled', to}),
		moveTextCursor: (field, at) => dispatch({type: 'text-cursor-moved', field, at}),
		requestQuit: source => {
			if (source === 'signal') {
				void shutdown(130);
				return;
			}
			if (isRunLive(state().run)) dispatch({type: 'quit-asked'});
			else void shutdown(0);
		},
		confirmQuit: () => void shutdown(0),
		stayQuit: () => dispatch({type: 'quit-declined'}),
	};
	return {...session, ...run, ...createDoctorIntents(context), exited};
}
