// What the supervisor needs from PowerShell: processes that run a script with data arguments and
// can be ended. The adapter implements it over node-powershell; tests hand in fakes.

export type InvokeResult = {
	/** Everything the script output, as JSON values. */
	readonly data: unknown[];
	readonly warnings: string[];
};

/** What a script produced, as it produced it (see protocol.ts): a row, progress, or a change about to be tried. */
export type StreamRecord =
	| {readonly kind: 'row'; readonly value: unknown}
	| {readonly kind: 'progress'; readonly value: unknown}
	| {readonly kind: 'attempt'; readonly value: unknown};

export type InvokeOptions = {
	/** On expiry the process tree is ended and the call fails with kind 'timeout'. */
	readonly timeoutMs: number;
	/** Strings (tokens) that must never appear in an error message. */
	readonly secrets?: readonly string[];
	/**
	 * Receives each object as the script produces it, through a side channel that survives the call
	 * being cut short (every record written before a timeout or death still arrives, before the
	 * call settles). With it, InvokeResult.data is empty.
	 */
	readonly onRecord?: (record: StreamRecord) => void;
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
	/** Ends the process tree: SIGTERM, then SIGKILL after graceMs. Resolves once it has exited. */
	kill(graceMs?: number): Promise<void>;
}

export interface PowerShellPort {
	/** Starts a process at once. Throws a TenantdeckError when no PowerShell can be found. */
	start(): Promise<PowerShellSession>;
}
