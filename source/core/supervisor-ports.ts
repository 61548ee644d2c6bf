// What the supervisor needs from PowerShell: processes that run a script with data arguments and
// can be ended. The adapter implements it over node-powershell; tests hand in fakes.

export type InvokeResult = {
	/** Everything the script output, as JSON values. */
	readonly data: unknown[];
	readonly warnings: string[];
};

/**
 * What a script produced, as it produced it (see protocol.ts): a row, progress, a change about to be
 * tried, or a phase of the supervisor's own tenant turn (connected, disconnecting, disconnected).
 */
export type StreamRecord =
	| {readonly kind: 'row'; readonly value: unknown}
	| {readonly kind: 'progress'; readonly value: unknown}
	| {readonly kind: 'attempt'; readonly value: unknown}
	| {readonly kind: 'phase'; readonly value: unknown};

export type InvokeOptions = {
	/**
	 * How long the call may stay silent: every line the process writes restarts it, so a script that
	 * reports each cmdlet gets a deadline per cmdlet. On expiry the process tree is ended and the call
	 * fails with kind 'timeout'.
	 */
	readonly timeoutMs: number;
	/** Aborting asks PowerShell to stop the call (its Ctrl+C); the call then fails with kind 'cancelled'. */
	readonly signal?: AbortSignal;
	/** How long a stop may take before the process is ended instead (default 5 s). */
	readonly stopGraceMs?: number;
	/** Strings (tokens) that must never appear in an error message. */
	readonly secrets?: readonly string[];
	/**
	 * Receives each object as the script produces it, through a side channel that survives the call
	 * being cut short (every record written before a timeout or death still arrives, before the
	 * call settles). With it, InvokeResult.data is empty.
	 */
	readonly onRecord?: (record: StreamRecord) => void;
	/**
	 * A record can change how long the call may stay silent from then on: one call that connects,
	 * runs and disconnects gives each phase its own deadline. Undefined keeps the current one.
	 */
	readonly deadlineAfter?: (record: StreamRecord) => number | undefined;
	/**
	 * Where the script may wait for the caller's go, at a pipe named by $TdGate (gate-pipe.ts): called
	 * once the script is there, with a signal aborted when the call ends; what it resolves to is sent
	 * to the script. A tenant's turn prepares everything before it has a connection slot and waits
	 * here for one, so the slot's time is the service's. While it is pending the call has no silence
	 * deadline (waiting for a slot is not a hang); once it settles, timeoutMs starts again. A rejection
	 * closes the pipe without a word and fails the call with that error.
	 */
	readonly gate?: (ended: AbortSignal) => Promise<string>;
};

export interface PowerShellSession {
	/** The process id, for teardown checks; undefined if it never started. */
	readonly pid: number | undefined;
	/** Settles (never rejects) once the process has exited. */
	readonly exited: Promise<void>;
	readonly alive: boolean;
	/**
	 * Runs a script that reads its arguments from $Args[0]. Fails with a TenantdeckError: 'timeout'
	 * (process ended), 'powershell' (died, or the script threw), never an empty success.
	 */
	invoke(script: string, args: Record<string, unknown>, options: InvokeOptions): Promise<InvokeResult>;
	/** Ends the process tree (its process group): SIGTERM, then SIGKILL after graceMs. Resolves once it has exited. */
	kill(graceMs?: number): Promise<void>;
}

export interface PowerShellPort {
	/** Starts a process at once. Throws a TenantdeckError when no PowerShell can be found. */
	start(): Promise<PowerShellSession>;
}

/** One Exchange connection as the journal knows it. */
export type JournalEntry = {
	readonly tenantId: string;
	readonly connectionId: string;
	readonly openedAt: string;
	/** The tenantdeck process that opened it: a live one still owns it. */
	readonly pid: number;
};

/**
 * A connect about to start, written down before Connect-ExchangeOnline runs: if tenantdeck is killed
 * mid-connect, its PowerShell child may still finish the connect on its own, and this line is then
 * the only record of which process (and so which connection) to close.
 */
export type ConnectIntent = {
	readonly intentId: string;
	readonly tenantId: string;
	readonly startedAt: string;
	/** The tenantdeck process making the connect: a live one still owns it. */
	readonly pid: number;
	/** The PowerShell process sending Connect-ExchangeOnline (the service's client). */
	readonly workerPid?: number;
};

export type StrikeReason = 'disconnected' | 'closed afterwards' | 'written off' | 'connect failed';

/**
 * What is open, kept on disk so a SIGKILL, a power cut or a crash cannot hide it: every connect is
 * written down before it starts, replaced by its connection when it returns, and struck when closed.
 */
export interface ConnectionJournal {
	/** Before Connect-ExchangeOnline is sent. */
	connecting(intent: ConnectIntent): Promise<void>;
	/** The connect returned: the open connection replaces its intent (one line, so nothing is in between). */
	opened(entry: JournalEntry, intentId?: string): Promise<void>;
	/** Strikes an open connection (by connection id) or an intent whose connect failed (by intent id). */
	struck(id: string, reason: StrikeReason): Promise<void>;
	/** Open connections never struck, oldest first. */
	unstruck(): Promise<JournalEntry[]>;
	/** Connects begun and never resolved (opened or struck), oldest first. */
	unresolved(): Promise<ConnectIntent[]>;
}

/**
 * Closes a connection whose PowerShell process is gone, from outside it, with a fresh token for its
 * tenant. 'gone' when the service no longer knows it; 'written off' where the service keeps nothing
 * that needs closing (Exchange REST mode keeps its connection state in the client process).
 */
export interface ConnectionCloser {
	close(entry: {tenantId: string; connectionId: string}, token: string, timeoutMs: number): Promise<'closed' | 'gone' | 'written off'>;
	/**
	 * Closes what one PowerShell process (gone now) opened for a tenant when its connect never
	 * returned an id: how many connections that was, or 'written off' as above.
	 */
	closeOpenedBy(entry: {tenantId: string; clientPid: number}, token: string, timeoutMs: number): Promise<number | 'written off'>;
}
