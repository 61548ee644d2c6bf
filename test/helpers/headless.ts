// Runs a headless verb in-process with captured stdout/stderr and a private home folder, against
// the real sandbox, real MSAL and real HTTP.

import {setMaxListeners} from 'node:events';
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {runHeadless} from '../../source/headless/main.js';

export type HeadlessResult = {code: number; stdout: string; stderr: string};

export async function tempEnv(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
	const home = await mkdtemp(join(tmpdir(), 'tenantdeck-test-'));
	// TMPDIR passed on: what the run's processes leave there (a killed PowerShell's .NET pipe) stays in the suite's own temp folder.
	return {PATH: process.env['PATH'], TMPDIR: process.env['TMPDIR'], HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache'), ...extra};
}

/** stdout and stderr streams for the command line in-process, and what was written to them. */
export function capturedStreams(): {stdout: PassThrough; stderr: PassThrough; written(): {stdout: string; stderr: string}} {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', chunk => (out += chunk));
	stderr.on('data', chunk => (err += chunk));
	return {stdout, stderr, written: () => ({stdout: out, stderr: err})};
}

/** A signal nothing aborts, as many listeners allowed as cli.tsx allows its own (each Graph request in flight listens). */
function neverInterrupted(): AbortSignal {
	const {signal} = new AbortController();
	setMaxListeners(0, signal);
	return signal;
}

export async function headless(argv: string[], env: NodeJS.ProcessEnv, interrupted = neverInterrupted()): Promise<HeadlessResult> {
	const {stdout, stderr, written} = capturedStreams();
	const [command, ...rest] = argv;
	const code = await runHeadless(command!, rest, {stdout, stderr, env, interrupted});
	return {code, ...written()};
}

/** Parses RFC 4180 CSV as written by tenantdeck (quoted cells may hold commas, quotes, newlines). */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let index = 0; index < text.length; index++) {
		const char = text[index]!;
		if (quoted) {
			if (char === '"' && text[index + 1] === '"') {
				cell += '"';
				index++;
			} else if (char === '"') quoted = false;
			else cell += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			row.push(cell);
			cell = '';
		} else if (char === '\n') {
			row.push(cell.replace(/\r$/, ''));
			rows.push(row);
			row = [];
			cell = '';
		} else cell += char;
	}
	if (cell || row.length) rows.push([...row, cell]);
	return rows;
}

/**
 * Revokes the sandbox's sign-in once `tokens` more tokens were issued than now: started before a run,
 * it lands once the run has begun, and the tenants after need the refresh token that no longer works.
 */
export async function revokeAfterTokens(sandbox: {url: string; stats(): {tokensIssued: number}}, tokens: number): Promise<void> {
	const issued = sandbox.stats().tokensIssued;
	while (sandbox.stats().tokensIssued < issued + tokens) await new Promise(resolve => setTimeout(resolve, 5));
	await fetch(`${sandbox.url}/_sandbox/revoke`, {method: 'POST'});
}
