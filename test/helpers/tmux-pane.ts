// A real terminal for a test: tmux runs one tenantdeck command in a private home at a given size;
// the test types keys and waits for text on the pane (polling up to a deadline, no fixed sleeps).

import {execFile, execFileSync} from 'node:child_process';
import {randomUUID} from 'node:crypto';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {allGoneAfter} from './kill-round.js';
import {withUtf8Locale} from './utf8-env.js';

const run = promisify(execFile);

export type Pane = {
	capture(): Promise<string>;
	/** The pane with its escape codes, to see which row is highlighted (inverse). */
	captureStyled(): Promise<string>;
	/** A single character is typed literally; anything longer is a tmux key name (Enter, Tab, Escape). */
	keys(...keys: string[]): Promise<void>;
	/** Types text literally. */
	type(text: string): Promise<void>;
	waitFor(check: RegExp | ((screen: string) => boolean), what: string, timeoutMs?: number): Promise<string>;
	/** Every process under the pane's shell: the app and whatever it started. */
	pids(): Promise<number[]>;
	/**
	 * Closes the terminal (a hang-up to the app) and resolves once the app and everything it started
	 * have left: the app writes its run folders as it goes, so a home removed any earlier raced it
	 * ("ENOTEMPTY, rmdir …/runs/…"). Fails if they are still there a minute later.
	 */
	close(): Promise<void>;
};

/** The pane's text with line breaks and runs of spaces as one space: wrapped sentences read whole. */
export const flat = (screen: string) => screen.replace(/\s+/g, ' ');

let panesOpened = 0;

export async function openPane(options: {columns: number; rows: number; home: string; args: string; name: string}): Promise<Pane> {
	const {columns, rows, home} = options;
	// A socket of its own per pane: kill-server returns before the old server has gone, and a pane
	// opened at once on the same socket met it dying ("server exited unexpectedly").
	const socket = `tenantdeck-${options.name}-${process.pid}-${columns}x${rows}-${++panesOpened}`;
	// Ink draws nothing until exit when it thinks it runs in CI, so the app gets no CI variables.
	// The lessons read "·" and "→" off the screen: a UTF-8 locale whatever the machine has.
	const env: NodeJS.ProcessEnv = withUtf8Locale(Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'CI' && name !== 'CONTINUOUS_INTEGRATION' && !name.startsWith('CI_'))));
	Object.assign(env, {XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache'), HOME: home});
	// Every process started in the pane inherits the mark, so close() can wait for all of them.
	const mark = randomUUID();
	env['TENANTDECK_TEST_MARK'] = mark;
	const tmux = (...args: string[]) => run('tmux', ['-L', socket, '-f', '/dev/null', ...args], {env, cwd: process.cwd()});
	const command = `${JSON.stringify(process.execPath)} dist/cli.js ${options.args}; echo "tenantdeck-exit=$?"; exec sleep 120`;
	await tmux('new-session', '-d', '-s', 'e2e', '-x', String(columns), '-y', String(rows), command);
	const shellPid = Number((await tmux('display-message', '-p', '-t', 'e2e', '#{pane_pid}')).stdout.trim());
	const pane: Pane = {
		async capture() {
			return (await tmux('capture-pane', '-p', '-t', 'e2e')).stdout;
		},
		async captureStyled() {
			return (await tmux('capture-pane', '-p', '-e', '-t', 'e2e')).stdout;
		},
		async keys(...keys) {
			for (const key of keys) await tmux('send-keys', '-t', 'e2e', ...(key.length === 1 ? ['-l', key] : [key]));
		},
		async type(text) {
			await tmux('send-keys', '-t', 'e2e', '-l', text);
		},
		// The deadline only ends a broken test; on a loaded machine a frame can take many seconds.
		async waitFor(check, what, timeoutMs = 60_000) {
			const matches = typeof check === 'function' ? check : (screen: string) => check.test(screen);
			const deadline = Date.now() + timeoutMs;
			let screen = '';
			while (Date.now() < deadline) {
				screen = await pane.capture();
				if (matches(screen)) return screen;
				await new Promise(resolve => setTimeout(resolve, 50));
			}
			throw new Error(`${columns}×${rows}: timed out waiting for ${what}. The pane shows:\n${screen}`);
		},
		async pids() {
			const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm=']).toString().trim().split('\n').map(line => line.trim().split(/\s+/));
			const found = new Set([shellPid]);
			for (let grew = true; grew;) {
				grew = false;
				for (const [pid, ppid, name] of table) {
					if (found.has(Number(ppid)) && !found.has(Number(pid)) && name !== 'sleep' && name !== 'ps') {
						found.add(Number(pid));
						grew = true;
					}
				}
			}
			found.delete(shellPid);
			return [...found];
		},
		async close() {
			await tmux('kill-server').catch(() => undefined);
			await allGoneAfter(mark, 'the terminal closed');
		},
	};
	return pane;
}
