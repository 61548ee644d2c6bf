// One way out, like gemini-cli's cleanup.ts: every exit path (normal end, q, Ctrl+C, SIGINT, SIGTERM,
// SIGHUP, an uncaught error) runs the same registered cleanups once, each guarded on its own, so
// a failing cleanup never stops the supervisor from closing connections and ending processes.

export type Cleanup = () => unknown | Promise<unknown>;

const cleanups: Cleanup[] = [];
let running: Promise<void> | undefined;

/** Registers a cleanup; returns a function that unregisters it. Cleanups run in reverse order. */
export function registerCleanup(cleanup: Cleanup): () => void {
	cleanups.push(cleanup);
	return () => {
		const index = cleanups.indexOf(cleanup);
		if (index !== -1) cleanups.splice(index, 1);
	};
}

export function isShuttingDown(): boolean {
	return running !== undefined;
}

/** Runs every cleanup once; later calls get the same promise. Never rejects. */
export function runCleanups(): Promise<void> {
	running ??= (async () => {
		for (const cleanup of cleanups.splice(0).reverse()) {
			try {
				await cleanup();
			} catch (error) {
				process.stderr.write(`tenantdeck: a cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`);
			}
		}
	})();
	return running;
}

export type TeardownOptions = {
	/** Past this, the process exits even if a cleanup hangs. */
	readonly hardLimitMs?: number;
	/** Called before cleanups, e.g. to leave the alternate screen. */
	readonly onSignal?: (reason: string) => void;
};

const signalCodes = {SIGINT: 130, SIGTERM: 143, SIGHUP: 129} as const;

let installed = false;

/**
 * Wires signals and fatal errors to runCleanups() and then exits: 128+signal for signals, 1 for a
 * crash. A second signal while cleaning up is ignored; the hard limit still ends the process.
 */
export function installTeardown(options: TeardownOptions = {}): void {
	if (installed) return;
	installed = true;
	const leave = (reason: string, code: number, error?: unknown) => {
		if (error !== undefined) {
			process.stderr.write(`tenantdeck: ${reason}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		}
		if (isShuttingDown()) return;
		options.onSignal?.(reason);
		// Deliberately ref'd: it keeps Node alive while cleanups wait on something that is not (an
		// unref'd timer, a closed stream); otherwise Node drains and exits 13 in the middle of cleanup.
		setTimeout(() => process.exit(code), options.hardLimitMs ?? 4500);
		void runCleanups().finally(() => process.exit(code));
	};
	for (const [signal, code] of Object.entries(signalCodes)) {
		process.on(signal as NodeJS.Signals, () => leave(signal, code));
	}
	process.on('uncaughtException', error => leave('uncaught error', 1, error));
	process.on('unhandledRejection', reason => leave('unhandled rejection', 1, reason));
}

/** Test seam: forget registered cleanups and the shutting-down state. */
export function resetTeardownForTests(): void {
	cleanups.splice(0);
	running = undefined;
}
