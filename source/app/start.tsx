// Starts the full-screen console and resolves with the exit code once everything it started has
// been shut down. Every way out — q, Ctrl+C, a signal, a render crash — goes through the
// controller's shutdown (which runs core/teardown's cleanups) before the screen is restored.

import {render} from 'ink';
import {registerCleanup} from '../core/teardown.js';
import {ThemeContext, colorWanted, createTheme} from '../ui/theme.js';
import {glyphsFor} from '../ui/glyphs.js';
import {asciiTerminal} from '../adapters/ascii-terminal.js';
import {App} from './app.js';
import {alternateScreen} from './alternate-screen.js';
import {createController} from './controller.js';
import {productionDeps, type ConsoleOptions, type ControllerDeps} from './controller-deps.js';
import {initialAppState} from './state/app-state.js';
import {createStore} from './store.js';

export type StartOptions = ConsoleOptions & {
	/** Aborted by the composition root on SIGINT, SIGTERM or SIGHUP. */
	readonly interrupted?: AbortSignal;
	readonly stdout?: NodeJS.WriteStream;
	readonly stdin?: NodeJS.ReadStream;
	/** Test seam: fakes instead of the adapters. */
	readonly deps?: ControllerDeps;
};

export async function startConsole(options: StartOptions): Promise<number> {
	const stdout = options.stdout ?? process.stdout;
	const stdin = options.stdin ?? process.stdin;
	const deps = options.deps ?? productionDeps();
	const screen = alternateScreen(stdout);
	const store = createStore(initialAppState());
	const controller = createController(store, options, deps);
	const glyphs = glyphsFor(options.env);
	const theme = createTheme({color: colorWanted(options.env), glyphs});

	screen.enter();
	const instance = render(
		<ThemeContext.Provider value={theme}>
			<App store={store} intents={controller} configFolder={deps.folders(options.env).config} />
		</ThemeContext.Provider>,
		{stdout: glyphs.ascii ? asciiTerminal(stdout) : stdout, stdin, exitOnCtrlC: false, patchConsole: false},
	);
	// An SSH drop closes the terminal: writes fail with EIO before SIGHUP arrives. Without a
	// listener that error would crash Node and skip the cleanups; treat it as the signal instead.
	let terminalGone = false;
	const onTerminalError = () => {
		if (terminalGone) return;
		terminalGone = true;
		controller.requestQuit('signal');
	};
	stdout.on('error', onTerminalError);
	stdin.on('error', onTerminalError);
	const restore = () => {
		instance.unmount();
		// Escape codes to a closed terminal would only fail again.
		if (terminalGone) screen.abandon();
		else screen.leave();
	};
	// If teardown runs from somewhere else (a signal handler that exits), still restore the screen.
	const forgetScreen = registerCleanup(restore);
	const onInterrupt = () => controller.requestQuit('signal');
	options.interrupted?.addEventListener('abort', onInterrupt, {once: true});
	controller.start();

	let crash: unknown;
	const crashed = instance.waitUntilExit().then(() => undefined, (error: unknown) => {
		crash = error;
		controller.requestQuit('signal');
	});
	const code = await controller.exited;
	options.interrupted?.removeEventListener('abort', onInterrupt);
	forgetScreen();
	instance.unmount();
	await crashed;
	restore();
	if (crash !== undefined) {
		process.stderr.write(`tenantdeck: the console stopped on an error: ${crash instanceof Error ? (crash.stack ?? crash.message) : String(crash)}\n`);
		return 1;
	}
	return code;
}
