// One way out, like gemini-cli's cleanup.ts: every exit path (normal end, q, Ctrl+C, SIGINT, SIGTERM,
// SIGHUP, an uncaught error) runs the same registered cleanups once, each guarded on its own, so
// a failing cleanup never stops the supervisor from closing connections and ending processes.
// The exit deadline is the sum of what the cleanups declared they may need, not a guess.

export type Cleanup = () => unknown | Promise<unknown>;

const cleanups: Cleanup[] = [];
let running: Promise<void> | undefined;
/** Declared by whoever owns slow cleanups (the supervisor: stop, disconnect, kill, close). */
const deadlines = new Map<object, number>();

/** How long a cleanup may take at most; returns a function that withdraws it. */
export function declareExitDeadline(ms: number): () => void {
	const key = {};
	deadlines.set(key, ms);
	return () => deadlines.delete(key);
}

/** The exit deadline: what the cleanups declared, plus a margin for flushing files; 3 s with none. */
export function exitDeadlineMs(): number {
	return Math.max(3000, [...deadlines.values()].reduce((total, ms) => total + ms, 0) + 1000);
}

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
	/** Past this, the process exits even if a cleanup hangs; by default the declared exit deadline. */
	readonly hardLimitMs?: number;
	/** Called before cleanups, e.g. to leave the alternate screen. */
	readonly onSignal?: (reason: string) => void;
	/** Called at exit after a terminal hang-up, before Node restores the (gone) terminal. */
	readonly releaseTerminal?: () => void;
};

const signalCodes = {SIGINT: 130, SIGTERM: 143, SIGHUP: 129} as const;

let installed = false;

/**
 * Wires signals and fatal errors to runCleanups() and then exits: 128+signal for signals, 1 for a
 * crash. A second signal while cleaning up is ignored; the hard limit still ends the process. The
 * limit's timer keeps Node alive: nothing may let it exit before the cleanups have finished.
 */
export function installTeardown(options: TeardownOptions = {}): void {
	if (installed) return;
	installed = true;
	let hungUp = false;
	// Every way the process ends (process.exit here, or the console returning normally after a
	// signal) passes the 'exit' event, and only then does Node touch the terminal.
	process.on('exit', () => {
		if (hungUp) options.releaseTerminal?.();
	});
	const exit = (code: number) => process.exit(code);
	const leave = (reason: string, code: number, error?: unknown) => {
		if (error !== undefined) {
			try {
				process.stderr.write(`tenantdeck: ${reason}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
			} catch {
				// A hung-up terminal: nowhere to say it.
			}
		}
		if (isShuttingDown()) return;
		options.onSignal?.(reason);
		// Deliberately ref'd: it keeps Node alive while cleanups wait on something that is not (an
		// unref'd timer, a closed stream); otherwise Node drains and exits 13 in the middle of cleanup.
		setTimeout(() => exit(code), options.hardLimitMs ?? exitDeadlineMs());
		void runCleanups().finally(() => exit(code));
	};
	for (const [signal, code] of Object.entries(signalCodes)) {
		process.on(signal as NodeJS.Signals, () => {
			if (signal === 'SIGHUP') hungUp = true;
			leave(signal, code);
		});
	}
	// Writing to a terminal that hung up fails with EIO: that is a hang-up too, not a crash.
	process.on('uncaughtException', error => {
		if ((error as NodeJS.ErrnoException).code === 'EIO') {
			hungUp = true;
			leave('terminal hang-up', signalCodes.SIGHUP);
			return;
		}
		leave('uncaught error', 1, error);
	});
	process.on('unhandledRejection', reason => leave('unhandled rejection', 1, reason));
}

/** Test seam: forget registered cleanups and the shutting-down state. */
export function resetTeardownForTests(): void {
	cleanups.splice(0);
	deadlines.clear();
	running = undefined;
}
