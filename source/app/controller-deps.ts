// What the controller needs from the world, as one object of ports: the adapters in the product,
// plain fakes in tests. The controller itself does no I/O. The adapters load on first use, so the
// first frame never waits for MSAL or the sandbox.

import type {LaunchPorts, RunSettings} from '../core/launch-run.js';
import type {AnyOperation, Row} from '../core/operation.js';
import type {Account, AuthPort, ExchangePort, GraphPort} from '../core/ports.js';
import type {Tenant} from '../core/tenant.js';
import type {Groups} from '../core/tenant-match.js';
import type {ViewExport} from '../adapters/run-export.js';
import {userFolders, type Folders} from '../adapters/paths.js';
import type {LessonDeps} from './lesson-runner.js';

export type ConsoleOptions = {
	readonly sandbox?: boolean;
	readonly sandboxUrl?: string;
	/** With sandbox: the embedded cloud serves https with the local CA (--tls). */
	readonly tls?: boolean;
	/** --cloud: public, usgov, dod or china; else the profile's. */
	readonly cloud?: string;
	readonly env: NodeJS.ProcessEnv;
	/** --timeout: how long an Exchange call may stay silent before its tenant fails. */
	readonly callTimeoutMs?: number;
	/** tenantdeck learn: open the practice cloud at this lesson (no id: the first not done yet). */
	readonly lesson?: {readonly id?: string};
	/** One-line notices from the connection (leftover connections closed at start). */
	readonly onNotice?: (line: string) => void;
	/** One-line warnings from opening the connection (an unreadable token cache set aside). */
	readonly onWarning?: (text: string) => void;
};

/** The part of adapters/connection's Connection the console uses. */
export type ConsoleConnection = {
	readonly cloud: {readonly kind: 'public' | 'sandbox'; readonly sandboxUrl?: string};
	readonly folders: Folders;
	readonly auth: AuthPort;
	readonly graph: GraphPort;
	readonly exchange: ExchangePort;
	/** The Exchange session supervisor, when the connection has one: feeds "sessions 2/3". */
	readonly supervisor?: SessionSource;
	close(): Promise<void>;
};

/** What the console reads from core's Supervisor. */
export type SessionSource = {
	status(): {busy: number; warming: number; idle: number; max: number};
	onStatus(listener: (status: {busy: number; warming: number; idle: number; max: number}) => void): () => void;
	/** Starts PowerShell processes early, when an Exchange operation is picked: no more than the tenants selected. */
	warm(tenants?: number): void;
	/** Closes what a killed tenantdeck left open (its journal); reports through ConsoleOptions.onNotice. */
	closeLeftovers?(): Promise<void>;
};

export type ControllerDeps = {
	/** The operation catalog; loaded after sign-in so zod and the operations stay off the first frame. */
	readonly operations: (configFolder: string) => Promise<{operations: readonly AnyOperation[]; problems: readonly string[]}>;
	readonly folders: (env: NodeJS.ProcessEnv) => Folders;
	readonly hasProfile: (folders: Folders, env: NodeJS.ProcessEnv) => Promise<boolean>;
	readonly openConnection: (options: ConsoleOptions) => Promise<ConsoleConnection>;
	readonly loadTenants: (connection: ConsoleConnection, account: Account, options: {refresh?: boolean; signal?: AbortSignal; onWarning?: (text: string) => void}) => Promise<Tenant[]>;
	readonly loadGroups: (configFolder: string) => Promise<Groups>;
	/** Resolves with where a broken groups.json was kept aside, if it was. */
	readonly saveGroup: (configFolder: string, name: string, tenantIds: readonly string[]) => Promise<{setAside?: string} | void>;
	/** Removes a saved group from groups.json; false when it was no longer there. */
	readonly deleteGroup: (configFolder: string, name: string) => Promise<boolean>;
	/** What core's run launcher needs: run folders and the audit log in the state folder. */
	readonly runPorts: (connection: ConsoleConnection, stateFolder: string, operator: string) => Promise<LaunchPorts>;
	/** The profile's concurrency settings (the console has no flags for them). */
	readonly runSettings: (configFolder: string) => Promise<RunSettings>;
	readonly readRows: (rowsPath: string) => AsyncIterable<Row>;
	/** Writes the rows the results view shows, in its order and columns, to a file; returns the row count. */
	readonly exportRows: (request: ViewExport) => Promise<number>;
	/** Saves a run's tenants, operation and parameters for `tenantdeck run --runbook`; returns the path. */
	readonly saveRunbook: (configFolder: string, runbook: {operation: string; tenants: string[]; params: Record<string, string>}) => Promise<string>;
	readonly now: () => number;
	/** Guided lessons: their files, progress, and the practice cloud's data they check. */
	readonly lessons?: (folders: Folders) => LessonDeps;
};

export function productionDeps(): ControllerDeps {
	return {
		async operations(configFolder) {
			return (await import('../adapters/custom-operations.js')).loadCatalog({configFolder});
		},
		folders: userFolders,
		async hasProfile(folders, env) {
			const {loadProfile} = await import('../adapters/profile.js');
			return (await loadProfile(folders.config, env)) !== undefined;
		},
		async openConnection(options) {
			const [{openConnection}, {readProfile, settingsOf}, {resolveRunSettings}] = await Promise.all([import('../adapters/connection.js'), import('../adapters/profile.js'), import('../core/launch-run.js')]);
			// The supervisor's run settings: the connections at once (the profile's maxSessions, else the
			// service's 3) and the Exchange call deadline (--timeout beats the profile beats the default).
			const profile = await readProfile(userFolders(options.env ?? process.env).config, options.env);
			const {maxSessions, exchangeTimeoutSec} = resolveRunSettings({exchangeTimeoutSec: options.callTimeoutMs === undefined ? undefined : options.callTimeoutMs / 1000}, settingsOf(profile));
			return openConnection({sandbox: options.sandbox, sandboxUrl: options.sandboxUrl, tls: options.tls, cloud: options.cloud, env: options.env, maxSessions, callTimeoutMs: exchangeTimeoutSec * 1000, profile, onNotice: options.onNotice, onWarning: options.onWarning});
		},
		async loadTenants(connection, account, options) {
			const {loadTenants} = await import('../adapters/tenant-cache.js');
			return loadTenants(connection as Parameters<typeof loadTenants>[0], account, options);
		},
		async loadGroups(configFolder) {
			return (await import('../adapters/groups.js')).loadGroups(configFolder);
		},
		async saveGroup(configFolder, name, tenantIds) {
			return (await import('../adapters/groups.js')).saveGroup(configFolder, name, tenantIds);
		},
		async deleteGroup(configFolder, name) {
			return (await import('../adapters/groups.js')).deleteGroup(configFolder, name);
		},
		async runPorts(connection, stateFolder, operator) {
			return (await import('../adapters/run-ports.js')).runPorts(connection, stateFolder, operator);
		},
		async runSettings(configFolder) {
			return (await import('../adapters/profile.js')).loadRunSettings(configFolder);
		},
		async *readRows(rowsPath) {
			yield* (await import('../adapters/exporter.js')).readRows(rowsPath);
		},
		async exportRows(request) {
			return (await import('../adapters/run-export.js')).exportViewToFile(request);
		},
		async saveRunbook(configFolder, runbook) {
			const {runbookPathIn, writeRunbook} = await import('../adapters/runbook-file.js');
			return writeRunbook(runbookPathIn(configFolder, runbook.operation), runbook);
		},
		now: Date.now,
		lessons: folders => ({
			loadLessons: async () => (await import('../adapters/lesson-files.js')).loadLessons(folders.config),
			readDone: async () => (await (await import('../adapters/lesson-files.js')).readLessonProgress(folders.state)).done,
			markDone: async id => (await import('../adapters/lesson-files.js')).markLessonDone(folders.state, id),
			readWorld: async (url, options) => (await import('../adapters/lesson-world.js')).readSandboxWorld(url, options),
			runbooksSince: async (configFolder, since) => (await import('../adapters/lesson-files.js')).runbooksSince(configFolder, since),
			now: Date.now,
		}),
	};
}
