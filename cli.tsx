#!/usr/bin/env node
// The composition root: decides between the full-screen console and a headless verb, wires
// signals to one shutdown path, and sets the exit code. Heavy modules load on first use.

import process from 'node:process';
import {setMaxListeners} from 'node:events';

const topHelp = `tenantdeck — run the same Microsoft 365 work across many customer tenants

Usage:
  tenantdeck [--sandbox | --sandbox-url <url>]     the full-screen console
  tenantdeck run --op <id> --tenants <list|all>    run an operation headless (see run --help)
  tenantdeck tenants                               list customer tenants
  tenantdeck ops [id]                              list operations, or describe one
  tenantdeck login | logout                        sign in by device code / sign out
  tenantdeck consent [--tenants …] [--dry-run|--yes]  grant the app into customers (Partner Center)
  tenantdeck doctor [--op id] [--tenants …]        check consent, scopes and GDAP roles before a run
  tenantdeck sandbox [--port P] [--tenants N]      start the practice cloud for other commands
  tenantdeck sandbox --reset                       forget practice sign-ins, runs and audit lines

--sandbox practises on simulated customers; nothing at Microsoft is touched.
`;

const headless = new Set(['run', 'tenants', 'ops', 'login', 'logout', 'consent', 'doctor', 'sandbox']);

async function main(argv: string[]): Promise<number> {
	const [first, ...rest] = argv;
	if (first === '--help' || first === '-h' || first === 'help') {
		process.stdout.write(topHelp);
		return 0;
	}
	// Every way out (signal, SSH drop, crash, normal end) closes Exchange connections and PowerShell
	// through core/teardown's one shutdown path; the abort lets a run stop its queue first.
	const interrupt = new AbortController();
	// Every request in flight listens for it (16 tenants at once is normal).
	setMaxListeners(0, interrupt.signal);
	const {installTeardown} = await import('./source/core/teardown.js');
	installTeardown({onSignal: reason => interrupt.abort(new Error(reason))});

	if (first && headless.has(first)) {
		const {runHeadless} = await import('./source/headless/main.js');
		return runHeadless(first, rest, {stdout: process.stdout, stderr: process.stderr, env: process.env, interrupted: interrupt.signal});
	}
	if (first && !first.startsWith('-')) {
		process.stderr.write(`tenantdeck: unknown command "${first}". Run "tenantdeck --help".\n`);
		return 2;
	}
	if (!process.stdout.isTTY) {
		process.stderr.write('tenantdeck: the console needs a terminal. For scripts use "tenantdeck run --op <id> --tenants <list>" (see "tenantdeck run --help").\n');
		return 2;
	}
	const {parseArgs} = await import('node:util');
	let flags: {sandbox?: boolean; 'sandbox-url'?: string};
	try {
		flags = parseArgs({args: argv, options: {sandbox: {type: 'boolean'}, 'sandbox-url': {type: 'string'}}, strict: true}).values;
	} catch (error) {
		process.stderr.write(`tenantdeck: ${error instanceof Error ? error.message : String(error)}. Run "tenantdeck --help".\n`);
		return 2;
	}
	const {startConsole} = await import('./source/app/start.js');
	return startConsole({sandbox: flags.sandbox, sandboxUrl: flags['sandbox-url'], env: process.env, interrupted: interrupt.signal});
}

process.exitCode = await main(process.argv.slice(2));
