// The console's controller: turns screen intents into calls on core and the adapters and writes
// the outcome into the store. Screens never fetch or spawn; this file and controller-run.ts do.
// This part owns the session: welcome, sign-in, tenants and groups, and the way out.

import {describeError, asTenantdeckError} from '../core/errors.js';
import {settleWithin} from '../core/settle-within.js';
import type {Account} from '../core/ports.js';
import {groupNameProblem} from '../core/group-name.js';
import {registerCleanup, runCleanups} from '../core/teardown.js';
import type {Folders} from '../adapters/paths.js';
import type {PickerAction} from './state/picker-state.js';
import {selectedTenants} from './state/picker-state.js';
import {isRunLive} from './state/run-state.js';
import type {AppState} from './state/app-state.js';
import type {Store} from './store.js';
import type {ConsoleConnection, ConsoleOptions, ControllerDeps} from './controller-deps.js';
import {createRunIntents, type RunIntents} from './controller-run.js';

export type SessionIntents = {
	start(): void;
	welcomeMove(to: number): void;
	chooseSandbox(): void;
	showSetup(): void;
	retrySignIn(): void;
	cancelSignIn(): void;
	picker(action: PickerAction): void;
	refreshTenants(): void;
	/** The preflight (tenantdeck doctor) for the selected tenants, or all, as a notice. */
	checkAccess(): void;
	startGroupName(): void;
	editGroupName(name: string): void;
	saveGroup(): void;
	cancelGroupName(): void;
	openGroups(): void;
	groupsMove(to: number): void;
	useGroup(): void;
	closeGroups(): void;
	continueToOperations(): void;
	back(): void;
	toggleHelp(open: boolean): void;
	/** q, Ctrl+C or a signal: asks first while a run is live, unless a signal sent it. */
	requestQuit(source: 'key' | 'signal'): void;
	confirmQuit(): void;
	stayQuit(): void;
};

export type Controller = SessionIntents & RunIntents & {
	/** Settles with the exit code once shutdown has finished. */
	readonly exited: Promise<number>;
};

/** What controller-run.ts shares with this file. */
export type ControllerContext = {
	readonly store: Store;
	readonly deps: ControllerDeps;
	readonly connection: () => ConsoleConnection | undefined;
	readonly account: () => Account | undefined;
	readonly folders: Folders;
	patch(patch: Partial<AppState>): void;
	notify(tone: 'info' | 'success' | 'danger', text: string): void;
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
	const patch = (value: Partial<AppState>) => store.dispatch({type: 'patch', patch: value});
	const notify = (tone: 'info' | 'success' | 'danger', text: string) => patch({notice: {tone, text}});
	const context: ControllerContext = {store, deps, folders, connection: () => connection, account: () => account, patch, notify};
	const run = createRunIntents(context);
	// Async intents report their failure on screen; nothing an intent does may crash the console.
	const guard = (work: () => Promise<void>) => () => {
		work().catch(error => notify('danger', describeError(error)));
	};

	async function open(): Promise<void> {
		patch({screen: 'starting', starting: sandbox ? 'Starting the practice cloud…' : 'Connecting…', notice: undefined});
		try {
			let warning: string | undefined;
			opening = deps.openConnection({...options, sandbox: sandbox && !options.sandboxUrl, sandboxUrl: options.sandboxUrl, onWarning: text => (warning = text)});
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
			patch({cloud: opened.cloud.kind});
			const known = await opened.auth.account();
			if (known) await signedIn(known);
			else await startSignIn(warning);
		} catch (error) {
			patch({screen: 'sign-in', signIn: {phase: 'failed', error: describeError(error)}});
		}
	}

	let forgetSessions: (() => void) | undefined;
	function watchSessions(opened: ConsoleConnection): void {
		const source = opened.supervisor;
		if (!source) return;
		const show = ({busy, warming, idle, max}: {busy: number; warming: number; idle: number; max: number}) => patch({sessions: {busy, warming, idle, max}});
		show(source.status());
		forgetSessions = source.onStatus(show);
	}

	async function startSignIn(notice?: string): Promise<void> {
		if (!connection) return open();
		signIn?.abort();
		const abort = new AbortController();
		signIn = abort;
		patch({screen: 'sign-in', signIn: {phase: 'waiting', error: notice}});
		try {
			const signedInAs = await connection.auth.signIn({signal: abort.signal, onCode: code => patch({signIn: {phase: 'waiting', code}})});
			if (!abort.signal.aborted) await signedIn(signedInAs);
		} catch (error) {
			if (signIn !== abort) return;
			const typed = asTenantdeckError(error);
			patch({signIn: typed.kind === 'cancelled' || abort.signal.aborted ? {phase: 'cancelled'} : {phase: 'failed', error: describeError(typed)}});
		}
	}

	async function signedIn(who: Account): Promise<void> {
		account = who;
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
		patch({account: who, screen: 'tenants', operations, groups, notice});
		await loadTenants(false);
	}

	async function loadTenants(refresh: boolean): Promise<void> {
		if (!connection || !account) return;
		patch({tenantsPhase: 'loading', tenantsError: undefined});
		try {
			let warning: string | undefined;
			const tenants = await deps.loadTenants(connection, account, {refresh, onWarning: text => (warning = text)});
			store.dispatch({type: 'picker', action: {type: 'set-tenants', tenants}});
			patch({tenantsPhase: 'ready'});
			if (warning) notify('danger', warning);
			else if (refresh) notify('success', `Customer list refreshed: ${tenants.length} tenants.`);
		} catch (error) {
			const typed = asTenantdeckError(error);
			// An expired or revoked sign-in is not a tenant problem: explain it and offer to sign in.
			if (typed.kind === 'auth') {
				patch({screen: 'sign-in', signIn: {phase: 'failed', error: describeError(typed)}});
				return;
			}
			patch({tenantsPhase: 'failed', tenantsError: describeError(typed)});
		}
	}

	function shutdown(code: number): Promise<void> {
		shuttingDown ??= (async () => {
			exitCode = code;
			patch({quitting: true, overlay: undefined, notice: {tone: 'info', text: 'Closing…'}});
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
			if (sandbox) return open();
			try {
				if (await deps.hasProfile(folders, options.env)) return open();
				patch({screen: 'welcome'});
			} catch (error) {
				// A malformed profile.json: say which file and what is wrong, and still offer the sandbox.
				patch({screen: 'welcome', notice: {tone: 'danger', text: describeError(error)}});
			}
		}),
		welcomeMove: to => patch({welcomeCursor: Math.min(Math.max(0, to), 2)}),
		chooseSandbox: guard(async () => {
			sandbox = true;
			await open();
		}),
		showSetup: () => patch({screen: 'setup'}),
		retrySignIn: guard(() => (connection ? startSignIn() : open())),
		cancelSignIn: () => signIn?.abort(),
		picker: action => store.dispatch({type: 'picker', action}),
		refreshTenants: guard(() => loadTenants(true)),
		checkAccess: guard(async () => {
			const current = connection;
			if (!current) return;
			const picked = selectedTenants(state().picker);
			const targets = picked.length > 0 ? picked : state().picker.tenants;
			notify('info', `Checking access for ${targets.length} tenants…`);
			const {catalogCheck, preflight, summarise} = await import('../core/doctor.js');
			const rows = await preflight({operation: catalogCheck(state().operations), tenants: targets, auth: current.auth, graph: current.graph});
			const summary = summarise(rows);
			notify(summary.ready ? 'success' : 'danger', summary.text);
		}),
		startGroupName: () => {
			if (state().picker.selected.size === 0) notify('info', 'Select some tenants first (Space), then save them as a group.');
			else patch({groupName: ''});
		},
		editGroupName: name => patch({groupName: name}),
		saveGroup: guard(async () => {
			const name = (state().groupName ?? '').trim();
			const problem = groupNameProblem(name);
			if (problem) return notify('danger', `Group name "${name}": ${problem} (it is typed as --tenants @name).`);
			const ids = selectedTenants(state().picker).map(tenant => tenant.tenantId);
			// The connection's config: groups saved while practising stay with the sandbox.
			const saved = await deps.saveGroup(connection?.folders.config ?? folders.config, name, ids);
			const aside = saved?.setAside ? ` The unreadable old file was kept as ${saved.setAside}.` : '';
			patch({groupName: undefined, groups: {...state().groups, [name]: ids}, notice: {tone: aside ? 'danger' : 'success', text: `Saved group "${name}" (${ids.length} tenants); use it headless as --tenants @${name}.${aside}`}});
		}),
		cancelGroupName: () => patch({groupName: undefined}),
		openGroups: () => {
			if (Object.keys(state().groups).length === 0) notify('info', 'No saved groups yet: select tenants and press s to save one.');
			else patch({groupsCursor: 0});
		},
		groupsMove: to => patch({groupsCursor: Math.min(Math.max(0, to), Object.keys(state().groups).length - 1)}),
		useGroup: () => {
			const name = Object.keys(state().groups)[state().groupsCursor ?? 0];
			if (name === undefined) return;
			store.dispatch({type: 'picker', action: {type: 'select-ids', ids: state().groups[name]!}});
			patch({groupsCursor: undefined, notice: {tone: 'success', text: `Selected group "${name}": ${state().picker.selected.size} tenants.`}});
		},
		closeGroups: () => patch({groupsCursor: undefined}),
		continueToOperations: () => {
			if (state().picker.selected.size === 0) notify('info', 'Select at least one tenant first: Space selects, a selects every tenant shown.');
			else patch({screen: 'operations', notice: undefined});
		},
		back: () => {
			const screen = state().screen;
			const previous = {setup: 'welcome', operations: 'tenants', params: 'operations', confirm: 'params', 'tenant-rows': 'run', results: 'run'} as const;
			if (screen in previous) patch({screen: previous[screen as keyof typeof previous], notice: undefined});
		},
		toggleHelp: open => patch({overlay: open ? 'help' : undefined}),
		requestQuit: source => {
			if (source === 'signal') {
				void shutdown(130);
				return;
			}
			if (isRunLive(state().run)) patch({overlay: 'quit-ask'});
			else void shutdown(0);
		},
		confirmQuit: () => void shutdown(0),
		stayQuit: () => patch({overlay: undefined}),
	};
	return {...session, ...run, exited};
}
