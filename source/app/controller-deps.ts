// What the controller needs from the world, as one object: the adapters in the product, plain
// fakes in tests. The adapters load on first use, so the first frame never waits for MSAL or the
// sandbox.

import {join} from 'node:path';
import type {AnyOperation, Row} from '../core/operation.js';
import type {Account, AuditPort, AuthPort, ExchangePort, GraphPort} from '../core/ports.js';
import type {RunSink} from '../core/run-events.js';
import type {RunHandle, RunOptions} from '../core/runner.js';
import type {Tenant} from '../core/tenant.js';
import type {Groups} from '../core/tenant-match.js';
import {startRun} from '../core/runner.js';
import {userFolders, type Folders} from '../adapters/paths.js';

export type ConsoleOptions = {
	readonly sandbox?: boolean;
	readonly sandboxUrl?: string;
	readonly env: NodeJS.ProcessEnv;
	/** One-line warnings from opening the connection (an unreadable token cache set aside). */
	readonly onWarning?: (text: string) => void;
};

/** The part of adapters/connection's Connection the console uses. */
export type ConsoleConnection = {
	readonly cloud: {readonly kind: 'public' | 'sandbox'};
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
	/** Starts PowerShell processes early, when an Exchange operation is picked. */
	warm(): void;
};

export type ExportFormat = 'csv' | 'json' | 'html';

/** A run folder's files: rows (JSON lines) and per-tenant outcomes. */
export type RunFiles = {readonly rowsPath: string; readonly outcomesPath: string};

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
	/** onStorageFailure: the first write the disk refused (full, read-only), reported once. */
	readonly createRunFolder: (root: string, operationId: string, params: Record<string, unknown>, tenants: readonly Tenant[], options?: {onStorageFailure?: (error: Error) => void}) => Promise<RunFiles & {path: string; sink: RunSink}>;
	readonly readRows: (rowsPath: string) => AsyncIterable<Row>;
	/** Writes the rows of every run, in order, to the file; returns the row count. */
	readonly exportRows: (runs: readonly RunFiles[], columns: readonly string[], format: ExportFormat, path: string, title: string) => Promise<number>;
	readonly startRun: (options: RunOptions) => RunHandle;
	/** Where write operations record each change (the audit log in the state folder). */
	readonly audit: (stateFolder: string, operator: string, options?: {runFolder?: string; onStorageFailure?: (error: Error) => void}) => Promise<AuditPort>;
	/** Saves a run's tenants, operation and parameters for `tenantdeck run --runbook`; returns the path. */
	readonly saveRunbook: (configFolder: string, runbook: {operation: string; tenants: string[]; params: Record<string, string>}) => Promise<string>;
	readonly now: () => number;
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
			const {openConnection} = await import('../adapters/connection.js');
			return openConnection({sandbox: options.sandbox, sandboxUrl: options.sandboxUrl, env: options.env, onWarning: options.onWarning});
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
		async createRunFolder(root, operationId, params, tenants, options) {
			return (await import('../adapters/run-folder.js')).createRunFolder(root, operationId, params, tenants, options);
		},
		async *readRows(rowsPath) {
			yield* (await import('../adapters/exporter.js')).readRows(rowsPath);
		},
		exportRows: exportToFile,
		startRun,
		async audit(stateFolder, operator, options) {
			const {auditLogPath, createAuditLog} = await import('../adapters/audit-log.js');
			return createAuditLog(auditLogPath(stateFolder), operator, options);
		},
		async saveRunbook(configFolder, runbook) {
			const [{writeFile}, {formatRunbook}, {ensureFolder, storageError}] = await Promise.all([import('node:fs/promises'), import('../core/runbook.js'), import('../adapters/storage-error.js')]);
			const folder = join(configFolder, 'runbooks');
			await ensureFolder(folder);
			const path = join(folder, `${runbook.operation.replace(/[^\w-]+/g, '-')}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`);
			await writeFile(path, formatRunbook(runbook)).catch(error => {
				throw storageError(error, folder);
			});
			return path;
		},
		now: Date.now,
	};
}

/** One export file from one or more runs' folders (a retry writes a second run folder). */
async function exportToFile(runs: readonly RunFiles[], columns: readonly string[], format: ExportFormat, path: string, title: string): Promise<number> {
	const [{createWriteStream}, {rm}, {dirname}, exporter, {endStream, writeChunk}, {ensureFolder, isStorageError, storageError}] = await Promise.all([
		import('node:fs'), import('node:fs/promises'), import('node:path'), import('../adapters/exporter.js'), import('../adapters/write-chunk.js'), import('../adapters/storage-error.js'),
	]);
	await ensureFolder(dirname(path));
	// A full or read-only disk is named with its folder, not shown as a raw ENOSPC.
	return exportJoined().catch(async error => {
		await rm(path, {force: true}).catch(() => {});
		throw isStorageError(error) ? storageError(error, dirname(path)) : error;
	});
	async function exportJoined(): Promise<number> {
		let source = {...runs[0]!, title};
		if (runs.length > 1) {
			// exportRows reads one run; join the runs' files next to the export first. A tenant's
			// latest outcome wins, because a retry replaces its failure.
			source = {rowsPath: `${path}.rows.tmp`, outcomesPath: `${path}.outcomes.tmp`, title};
			const {latestRows} = await import('./latest-rows.js');
			const joinLines = async (rows: AsyncIterable<Row> | Iterable<Row>, target: string) => {
				const out = createWriteStream(target, {mode: 0o600});
				for await (const row of rows) await writeChunk(out, JSON.stringify(row) + '\n');
				await endStream(out);
			};
			await joinLines(latestRows(runs, exporter.readRows), source.rowsPath);
			const latest = new Map<unknown, Row>();
			for (const run of runs) for await (const outcome of exporter.readRows(run.outcomesPath)) latest.set(outcome['tenantId'], outcome);
			await joinLines(latest.values(), source.outcomesPath);
		}
		const out = createWriteStream(path, {mode: 0o600});
		try {
			const count = await exporter.exportRows(source, columns, format, out);
			await endStream(out);
			return count;
		} catch (error) {
			out.destroy();
			throw error;
		} finally {
			if (runs.length > 1) await Promise.all([rm(source.rowsPath, {force: true}), rm(source.outcomesPath, {force: true})]);
		}
	}
}
