// The one way a run starts, for the console and headless alike: a run folder for its rows, the
// audit log for its changes, tokens fetched ahead of each tenant's turn, and the concurrency from
// one setting (flag, then profile, then default; the Exchange call deadline too, handed to the
// supervisor when the connection opens). Callers differ only in how they show events.

import type {AnyOperation} from './operation.js';
import type {AuditPort, AuthPort, ExchangePort, GraphPort} from './ports.js';
import type {RunEvent, RunSink} from './run-events.js';
import {startRun as startRunner, type RunHandle, type RunOptions} from './runner.js';
import type {Tenant} from './tenant.js';
import {defaultMaxSessions, defaultTimeouts} from './supervisor-options.js';

/** Graph tenants worked on at once unless a flag or the profile says otherwise. */
export const defaultGraphConcurrency = 16;

/** How long an Exchange call may stay silent before its tenant fails, unless --timeout or the profile says. */
export const defaultExchangeTimeoutSec = defaultTimeouts.callMs / 1000;

/**
 * How wide a run goes and how long an Exchange call may stay silent (--timeout, the profile's
 * exchangeTimeoutSec; the supervisor's per-call deadline), from the one place that decides them.
 */
export type RunSettings = {readonly concurrency?: number; readonly maxSessions?: number; readonly exchangeTimeoutSec?: number};

/** Flag beats profile beats default, for each setting on its own. */
export function resolveRunSettings(flags: RunSettings, profile: RunSettings = {}): Required<RunSettings> {
	return {
		concurrency: flags.concurrency ?? profile.concurrency ?? defaultGraphConcurrency,
		maxSessions: flags.maxSessions ?? profile.maxSessions ?? defaultMaxSessions,
		exchangeTimeoutSec: flags.exchangeTimeoutSec ?? profile.exchangeTimeoutSec ?? defaultExchangeTimeoutSec,
	};
}

/** Exchange tenants wait for a connection anyway; more in flight would only show them as "connecting". */
export function concurrencyFor(operation: AnyOperation, settings: Required<RunSettings>): number {
	return operation.backend === 'graph' ? settings.concurrency : settings.maxSessions;
}

/** A run folder as the launcher needs it: where rows go, and the files exports read back. */
export type LaunchedFolder = {readonly path: string; readonly rowsPath: string; readonly outcomesPath: string; readonly sink: RunSink};

/** onStorageFailure: the first write the disk refused (full, read-only), reported once. */
export type StorageWatch = {readonly onStorageFailure?: (error: Error) => void};

/** What the launcher asks of the world. */
export type LaunchPorts = {
	readonly createRunFolder: (operationId: string, params: Record<string, unknown>, tenants: readonly Tenant[], options: StorageWatch) => Promise<LaunchedFolder>;
	/** The audit log for this run (its lines name the run folder). */
	readonly audit: (folder: LaunchedFolder, options: StorageWatch) => AuditPort | Promise<AuditPort>;
	readonly auth: Pick<AuthPort, 'token'>;
	readonly graph: GraphPort;
	readonly exchange: ExchangePort;
	/** The runner; tests may wrap it. */
	readonly startRun?: (options: RunOptions) => RunHandle;
	readonly now?: () => number;
};

export type LaunchRequest = {
	readonly operation: AnyOperation;
	readonly params: Record<string, unknown>;
	readonly tenants: readonly Tenant[];
	readonly dryRun: boolean;
	/** A write's own targets per tenant (write-targets.ts); every tenant gets `params` when absent. */
	readonly paramsFor?: (tenant: Tenant) => Record<string, unknown>;
	readonly settings: Required<RunSettings>;
	/** Called with the folder before the first tenant starts, e.g. to say where rows are saved. */
	readonly onFolder?: (folder: LaunchedFolder) => void;
	readonly onEvent?: (event: RunEvent) => void;
	/** A full or read-only disk mid-run; the caller stops new tenants (handle.cancel()). */
	readonly onStorageFailure?: (error: Error) => void;
};

export type LaunchedRun = {readonly folder: LaunchedFolder; readonly handle: RunHandle};

export async function launchRun(ports: LaunchPorts, request: LaunchRequest): Promise<LaunchedRun> {
	const {operation, params, tenants, dryRun} = request;
	const watch = {onStorageFailure: request.onStorageFailure};
	const folder = await ports.createRunFolder(operation.id, params, tenants, watch);
	request.onFolder?.(folder);
	const audit = await ports.audit(folder, watch);
	const handle = (ports.startRun ?? startRunner)({
		operation, params, tenants, dryRun, audit, paramsFor: request.paramsFor,
		graph: ports.graph, exchange: ports.exchange, sink: folder.sink,
		concurrency: concurrencyFor(operation, request.settings),
		// Graph tokens come from MSAL per tenant: fetch the next ones while earlier tenants work.
		prepare: operation.backend === 'graph' ? tenant => ports.auth.token('graph', tenant.tenantId) : undefined,
		onEvent: request.onEvent,
		now: ports.now,
	});
	return {folder, handle};
}
