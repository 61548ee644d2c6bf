// Pieces of the kill matrix: a sandbox that reports each cmdlet as it arrives (so a test can strike
// while one is in flight), the CLI in a child process that leads its own process group (so a test can
// signal the pid alone or the whole group, as a terminal does), and a look for anything left behind.

import {spawn, type ChildProcess} from 'node:child_process';
import {EventEmitter, once} from 'node:events';
import {mkdir, mkdtemp, readdir, readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {randomUUID} from 'node:crypto';
import type {ExecutionContext} from 'ava';
import type {SandboxKnobs} from '../../source/sandbox/contract.js';
import {exchangeRoute} from '../../source/sandbox/exchange.js';
import {startSandbox, type Sandbox} from '../../source/sandbox/server.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The sandbox, reporting each cmdlet ('cmdlet') and each Connect-ExchangeOnline ('connect') the
 * moment it arrives, before it is answered, with the client's pid.
 */
export async function watchedSandbox(t: ExecutionContext, knobs: Partial<SandboxKnobs> = {}): Promise<{sandbox: Sandbox; cmdlets: EventEmitter; serviceIdle: () => Promise<void>}> {
	const cmdlets = new EventEmitter();
	// Requests the service is still working on: one whose client was killed is still answered (a
	// connect then opens a connection nobody will use), so what was left open is counted after them.
	let inFlight = 0;
	const serviceIdle = async () => {
		while (inFlight > 0) await new Promise(resolve => cmdlets.once('answered', resolve));
	};
	const sandbox = await startSandbox({
		deviceCodeIntervalSec: 0,
		exchangeCmdletMs: 3000,
		...knobs,
		routes: [
			context => {
				const route = exchangeRoute(context);
				return request => {
					if (request.url.pathname.endsWith('/InvokeCommand')) cmdlets.emit('cmdlet', Number(request.headers['x-client-pid']));
					if (request.method === 'POST' && request.url.pathname.endsWith('/Connection')) cmdlets.emit('connect', Number(request.headers['x-client-pid']));
					inFlight++;
					const answer = route(request);
					void Promise.resolve(answer).finally(() => {
						inFlight--;
						cmdlets.emit('answered');
					});
					return answer;
				};
			},
		],
	});
	t.teardown(() => sandbox.stop());
	return {sandbox, cmdlets, serviceIdle};
}

/** A terminal's own processes (tmux, its shell, the shell's `sleep`) carry the mark too but are not the app's. */
const terminalOwn = new Set(['sh', 'bash', 'dash', 'sleep', 'tmux', 'tmux: server']);

/** Processes carrying this mark in their environment: the CLI and every PowerShell it started (Linux /proc). */
export async function marked(mark: string): Promise<number[]> {
	const found: number[] = [];
	for (const entry of await readdir('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (!(await readFile(`/proc/${entry}/environ`, 'latin1')).includes(`TENANTDECK_TEST_MARK=${mark}`)) continue;
			if (!terminalOwn.has((await readFile(`/proc/${entry}/comm`, 'utf8')).trim())) found.push(Number(entry));
		} catch {
			// Gone meanwhile, or not ours to read.
		}
	}
	return found;
}

export type Home = {env: NodeJS.ProcessEnv; mark: string; /** The TMPDIR of every process started from the home, empty at first. */ temp: string};

/** A private XDG home, its own TMPDIR, and a mark that every process started from it inherits. */
export async function newHome(): Promise<Home> {
	const home = await mkdtemp(join(tmpdir(), 'tenantdeck-kill-'));
	const temp = join(home, 'tmp');
	await mkdir(temp);
	const mark = randomUUID();
	return {mark, temp, env: {...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache'), TMPDIR: temp, TENANTDECK_TEST_MARK: mark}};
}

/** What the home's processes left in their TMPDIR (PowerShell's rows folders, .NET's sockets and pipes). */
export async function leftInTemp(home: Home): Promise<string[]> {
	return (await readdir(home.temp, {recursive: true})).map(String);
}

export type CliRun = {
	child: ChildProcess;
	exited: Promise<[number | null, NodeJS.Signals | null]>;
	stdout(): string;
	stderr(): string;
};

/**
 * `tenantdeck <args>` in its own process group (detached), like a shell job: signalling -pid reaches
 * the CLI and everything still in its group. `wrap` puts a command in front (e.g. timeout). It is
 * the shipped bundle, so a test file awaits ensureBundle() (helpers/bundle.ts) once before its rounds:
 * through tsx each start compiled every source file again, and a round starts the CLI twice.
 */
export function cli(t: ExecutionContext, home: Home, args: string[], options: {nodeArgs?: string[]; wrap?: string[]} = {}): CliRun {
	const node = [process.execPath, ...(options.nodeArgs ?? []), join(root, 'dist/cli.js'), ...args];
	const [command, ...rest] = [...(options.wrap ?? []), ...node];
	const child = spawn(command!, rest, {cwd: root, env: home.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true});
	t.teardown(() => {
		try {
			process.kill(-child.pid!, 'SIGKILL');
		} catch {
			// Already gone.
		}
	});
	let stdout = '';
	let stderr = '';
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
	return {child, exited, stdout: () => stdout, stderr: () => stderr};
}

/**
 * What the service reports (a cmdlet, a connect) while the run lives. A run that ends first (a start
 * that failed) fails the round with its stderr: waiting on would leave the whole file hanging.
 */
export async function whileRunning<T>(run: CliRun, event: Promise<T>, what: string): Promise<T> {
	let settled = false;
	const ended = run.exited.then(([code, signal]): never | T => {
		if (settled) return undefined as T;
		throw new Error(`tenantdeck ended (${signal ?? `exit ${code}`}) before ${what}: ${run.stderr().slice(-800)}`);
	});
	try {
		return await Promise.race([event, ended]);
	} finally {
		settled = true;
	}
}

/** Resolves once no process carries the mark (checked every 100 ms), or after `limitMs` with those left. */
export async function allGone(mark: string, limitMs = 60_000): Promise<number[]> {
	const deadline = Date.now() + limitMs;
	let left = await marked(mark);
	while (left.length > 0 && Date.now() < deadline) {
		await pause(100);
		left = await marked(mark);
	}
	return left;
}

/** Resolves once no process carries the mark; fails naming those still there a minute after the `after` (e.g. "the terminal closed"). */
export async function allGoneAfter(mark: string, after: string): Promise<void> {
	const left = await allGone(mark);
	if (left.length > 0) throw new Error(`still running a minute after ${after}: processes ${left.join(', ')}`);
}

/** Settles after `ms`; tests use it only to pick a random moment inside a 3 s cmdlet, never to wait for an outcome. */
export const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** At most `limit` rounds at once: each round runs a CLI and 3 PowerShell processes on a shared 2-core machine. */
export function limiter(limit: number): <T>(work: () => Promise<T>) => Promise<T> {
	let active = 0;
	const queue: Array<() => void> = [];
	return async work => {
		if (active >= limit) await new Promise<void>(resolve => queue.push(resolve));
		active++;
		try {
			return await work();
		} finally {
			active--;
			queue.shift()?.();
		}
	};
}
