// What a supervisor can be told (limits, deadlines, where to journal and how to close from outside)
// and what it reports, apart from how it does the work.

import type {AuthPort} from './ports.js';
import type {ConnectionCloser, ConnectionJournal, PowerShellPort} from './supervisor-ports.js';

export type SupervisorTimeouts = {
	/** Start plus Import-Module. */
	readonly warmMs: number;
	readonly connectMs: number;
	/**
	 * How long the tenant's script may stay silent (--timeout); output restarts it, so a script that
	 * reports each cmdlet gets a deadline per cmdlet. Past it the process is ended, the connection is
	 * closed from outside and the tenant fails.
	 */
	readonly callMs: number;
	readonly disconnectMs: number;
	/** A stop asked of PowerShell (its Ctrl+C) may take this long before the process is ended instead. */
	readonly stopMs: number;
	/** Closing a connection from outside its process (journal leftovers, timed-out calls). */
	readonly closeMs: number;
	/** A connect the service refused for too many connections waits this long, in all, for a slot. */
	readonly refusedWaitMs: number;
};

export type SupervisorOptions = {
	readonly powershell: PowerShellPort;
	readonly auth: Pick<AuthPort, 'token'>;
	/** Live connections per signed-in account (--max-sessions); the service allows 3. */
	readonly maxConnections?: number;
	/** Connect-ExchangeOnline -ExchangeEnvironmentName for sovereign clouds (omitted: O365Default). */
	readonly exchangeEnvironment?: string;
	/** Warmed processes kept ready beyond those tenants are waiting for. */
	readonly spares?: number;
	/** Processes starting at once (default 2); the CLI may pass the machine's core count. */
	readonly warmConcurrency?: number;
	/**
	 * Tenants one process serves before it is replaced (default 100). Each tenant's runspace is thrown
	 * away, so what a process keeps is what the module holds process-wide; recycleAboveMb catches that.
	 */
	readonly tenantsPerProcess?: number;
	/**
	 * Each process runs a turn's code once, without the service, before its first tenant (default
	 * true): supervisor-warm-up.ts.
	 */
	readonly warmUp?: boolean;
	/** A process holding more than this many MB after a tenant is replaced (default 600). */
	readonly recycleAboveMb?: number;
	readonly timeouts?: Partial<SupervisorTimeouts>;
	/** How long shutdown() waits for tenants to stop and disconnect; computed from the timeouts when unset. */
	readonly shutdownBudgetMs?: number;
	/** Between SIGTERM and SIGKILL. */
	readonly killGraceMs?: number;
	/** Where every connection opened is written down and struck when closed. */
	readonly journal?: ConnectionJournal;
	/** Closes a connection from outside its process, with a fresh token. */
	readonly closer?: ConnectionCloser;
	/** One-line notices for the user (leftovers closed at start). */
	readonly onNotice?: (line: string) => void;
};

/** For the UI: processes per state, and the connection limit. */
export type SupervisorStatus = {
	readonly busy: number;
	readonly warming: number;
	readonly idle: number;
	readonly max: number;
	/** Connections lost with their process that may still count on the service. */
	readonly orphaned: number;
	/** Tenants waiting for a free connection. */
	readonly waiting: number;
};

/** Exchange connections at once: the service's documented limit per account. */
export const defaultMaxSessions = 3;

export const defaultTimeouts: SupervisorTimeouts = {
	warmMs: 120_000,
	connectMs: 120_000,
	callMs: 600_000,
	disconnectMs: 10_000,
	stopMs: 5000,
	closeMs: 5000,
	refusedWaitMs: 180_000,
};
