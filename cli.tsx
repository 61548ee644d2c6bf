#!/usr/bin/env node
// The composition root: hands the command line to the one flag layer (headless/main), which runs
// a headless verb or says to open the console; wires signals to one shutdown path (core/teardown,
// the only owner of signals), and sets the exit code. Heavy modules load on first use.

import process from 'node:process';
import {setMaxListeners} from 'node:events';
import nodeModule from 'node:module';

// From Node 22.1 V8 keeps the bundle's compiled code between runs (in the temp folder; off with
// NODE_DISABLE_COMPILE_CACHE=1). Node 20, the supported floor, has no such cache: then a no-op.
// It must run before the modules below load, and it never throws.
(nodeModule as {enableCompileCache?: () => unknown}).enableCompileCache?.();

/**
 * A command line of flags only, in a terminal, opens the console: its module (Ink, React, the
 * screens — most of what the first frame waits for) starts loading while the flag layer loads and
 * reads the flags, instead of after. Not for --help or --version, which print and leave.
 */
function loadConsoleEarly(argv: readonly string[]) {
	const flagsOnly = argv[0] === undefined || argv[0].startsWith('-');
	const printsAndLeaves = argv.some(arg => /^(?:-[hv]|--help|--version)$/.test(arg));
	if (!flagsOnly || printsAndLeaves || !process.stdout.isTTY || !process.stdin.isTTY) return undefined;
	const loading = import('./source/app/start.js');
	// Awaited only if the console does open; a failure then surfaces there, not as an unhandled one.
	loading.catch(() => undefined);
	return loading;
}

async function main(argv: string[]): Promise<number> {
	const consoleModule = loadConsoleEarly(argv);
	// Every way out (signal, SSH drop, crash, normal end) closes Exchange connections and PowerShell
	// through core/teardown's one shutdown path; the abort lets a run stop its queue first.
	const interrupt = new AbortController();
	// Every request in flight listens for it (16 tenants at once is normal).
	setMaxListeners(0, interrupt.signal);
	// Loaded together (none does anything on load); teardown is installed before any of it runs.
	const [{installTeardown}, {letGoOfTerminal}, {runCommandLine}, {guardStandardOutput}] = await Promise.all([import('./source/core/teardown.js'), import('./source/adapters/terminal.js'), import('./source/headless/main.js'), import('./source/adapters/standard-output.js')]);
	installTeardown({onSignal: reason => interrupt.abort(new Error(reason)), releaseTerminal: letGoOfTerminal});

	// A headless command's output piped to `head` or sent to a full disk: nothing, or one line and 5.
	const output = guardStandardOutput(process.stdout, process.stderr, code => (process.exitCode = code));
	const io = {stdout: process.stdout, stderr: process.stderr, env: process.env, interrupted: interrupt.signal};
	const commandLine = await runCommandLine(argv, io);
	if ('exitCode' in commandLine) return output.settle(commandLine.exitCode);
	output.release();
	// Both ends must be a terminal: with stdin a pipe (echo | tenantdeck) Ink cannot read keys.
	if (!process.stdout.isTTY || !process.stdin.isTTY) {
		process.stderr.write('tenantdeck: the console needs a terminal. For scripts use "tenantdeck run --op <id> --tenants <list>" (see "tenantdeck run --help").\n');
		return 2;
	}
	// The flag layer has checked the console's flags too (--timeout's range, --tls beside --sandbox).
	const flags = commandLine.console;
	const {startConsole} = await (consoleModule ?? import('./source/app/start.js'));
	return startConsole({sandbox: flags.sandbox, sandboxUrl: flags['sandbox-url'], tls: flags.tls, cloud: flags.cloud, callTimeoutMs: flags.timeout ? Number(flags.timeout) * 1000 : undefined, env: process.env, interrupted: interrupt.signal});
}

process.exitCode = await main(process.argv.slice(2));
