// Shared set-up for controller tests: fake ports, real run folders in a temp dir, and a poll
// for the state a test waits on.

import type {ExecutionContext} from 'ava';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createController, type Controller} from '../../source/app/controller.js';
import {productionDeps, type ConsoleConnection, type ControllerDeps, type SessionSource} from '../../source/app/controller-deps.js';
import {initialAppState, type AppState} from '../../source/app/state/app-state.js';
import {createStore, type Store} from '../../source/app/store.js';
import type {Account, AuthPort} from '../../source/core/ports.js';
import type {AnyOperation} from '../../source/core/operation.js';
import {resetTeardownForTests} from '../../source/core/teardown.js';
import type {Tenant} from '../../source/core/tenant.js';
import {unexpectedExchange, unexpectedGraph} from '../fakes/ports.js';
import {readOp, tenants, writeOp} from './fixtures.js';
import {oneConsoleAtATime} from '../helpers/one-console.js';

export const account: Account = {username: 'ann@partner.com', homeTenantId: 'partner'};
export const code = {userCode: 'ABCD1234', verificationUri: 'https://microsoft.com/devicelogin', expiresAt: Date.now() + 900_000, message: ''};

export type Setup = {operations?: AnyOperation[]; problems?: string[]; signIn?: AuthPort['signIn']; cached?: Account; list?: () => Promise<Tenant[]>; profile?: boolean; sandbox?: boolean; supervisor?: SessionSource; practiceFolders?: boolean};

export async function setup(t: ExecutionContext, options: Setup = {}) {
	oneConsoleAtATime(t);
	const root = await mkdtemp(join(tmpdir(), 'tenantdeck-console-'));
	const folders = {config: join(root, 'config'), state: join(root, 'state'), cache: join(root, 'cache')};
	// The connection's folders: the user's, or (practiceFolders) folders of its own, as a sandbox's are.
	const connectionFolders = options.practiceFolders ? {config: join(root, 'practice', 'config'), state: join(root, 'practice', 'state'), cache: join(root, 'practice', 'cache')} : folders;
	const closed: string[] = [];
	let cached = options.cached;
	const auth: AuthPort = {
		signIn: options.signIn ?? (async ({onCode}) => {
			onCode(code);
			cached = account;
			return account;
		}),
		account: async () => cached,
		token: async () => 'token',
		signOut: async () => {},
	};
	const connection: ConsoleConnection = {
		cloud: {kind: 'sandbox'}, folders: connectionFolders, auth,
		graph: unexpectedGraph,
		exchange: unexpectedExchange,
		supervisor: options.supervisor,
		close: async () => {
			closed.push('connection');
		},
	};
	const deps: ControllerDeps = {
		...productionDeps(),
		operations: async () => ({operations: options.operations ?? [readOp, writeOp], problems: options.problems ?? []}),
		folders: () => folders,
		hasProfile: async () => options.profile ?? false,
		openConnection: async () => connection,
		loadTenants: async () => (options.list ? options.list() : tenants(6)),
	};
	const store = createStore(initialAppState());
	const controller = createController(store, {sandbox: options.sandbox ?? true, env: {}}, deps);
	t.teardown(async () => {
		resetTeardownForTests();
		await rm(root, {recursive: true, force: true});
	});
	return {store, controller, folders, connectionFolders, closed};
}

/** Polls until `check` holds. The deadline only ends a broken test: 5 s was reachable on a loaded machine. */
export async function until(store: Store, check: (state: AppState) => boolean, what: string): Promise<AppState> {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (check(store.getState())) return store.getState();
		await new Promise(resolve => setTimeout(resolve, 10));
	}
	throw new Error(`timed out waiting for ${what}; screen is ${store.getState().screen}`);
}

export async function toTenants(store: Store, controller: Controller) {
	controller.start();
	return until(store, state => state.tenantsPhase === 'ready', 'tenants');
}

/** Selects the tenant under the cursor (or every tenant shown), takes the first operation and runs it. */
export function pickAndRun(controller: Controller, tenants: 'one' | 'all' = 'one'): void {
	controller.picker({type: tenants === 'all' ? 'toggle-all-visible' : 'toggle'});
	controller.continueToOperations();
	controller.chooseOperation();
	controller.submitParams();
}
