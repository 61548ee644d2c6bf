// The console's ways out in a real terminal (tmux), each while an Exchange cmdlet is in flight
// (3 s each in the sandbox): `q` then `y`, Ctrl+C typed twice, and closing the terminal (tmux
// kill-session, as an SSH drop does). Every round must leave no process and no connection open,
// Node must not abort restoring a terminal that is gone, and a fresh run right after is not refused.

import test, {type ExecutionContext} from 'ava';
import {execFile} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {ensureBundle} from '../helpers/bundle.js';
import {locatePowerShell} from '../helpers/powershell.js';
import {requiredTool} from '../helpers/required-tool.js';
import {cli, limiter, marked, newHome, pause, root, watchedSandbox, type Home} from '../helpers/kill-round.js';
import {withUtf8Locale} from '../helpers/utf8-env.js';

const run = promisify(execFile);

// Required by .ci/run (TENANTDECK_REQUIRE_TMUX=1): missing tmux then fails instead of skipping.
const tmuxTool = requiredTool('tmux', 'TENANTDECK_REQUIRE_TMUX');

type Console = {
	keys(...keys: string[]): Promise<void>;
	waitFor(pattern: RegExp, what: string, timeoutMs?: number): Promise<string>;
	/** Waits for an event from elsewhere (the service's) while the console lives: it ending first, or the deadline, fails with the pane. */
	until<T>(event: Promise<T>, what: string, timeoutMs?: number): Promise<T>;
	kill(): Promise<void>;
	stderrFile: string;
};

async function openConsole(t: ExecutionContext, home: Home, sandboxUrl: string, name: string): Promise<Console> {
	const socket = `tenantdeck-kill-${process.pid}-${name}`;
	const env: NodeJS.ProcessEnv = withUtf8Locale(Object.fromEntries(Object.entries(home.env).filter(([key]) => key !== 'CI' && key !== 'CONTINUOUS_INTEGRATION' && !key.startsWith('CI_'))));
	const tmux = (...args: string[]) => run('tmux', ['-L', socket, '-f', '/dev/null', ...args], {env, cwd: root});
	const stderrFile = join(env['HOME']!, 'console-stderr.txt');
	// stderr to a file: after a hang-up it is the only place an abort in Node's exit could be seen.
	const command = `${JSON.stringify(process.execPath)} dist/cli.js --sandbox-url ${sandboxUrl} 2>${JSON.stringify(stderrFile)}; echo "tenantdeck-exit=$?"; exec sleep 120`;
	await tmux('new-session', '-d', '-s', 'k', '-x', '100', '-y', '30', command);
	t.teardown(() => tmux('kill-server').catch(() => undefined));
	const capture = async () => (await tmux('capture-pane', '-p', '-t', 'k')).stdout;
	return {
		stderrFile,
		async keys(...keys) {
			for (const key of keys) await tmux('send-keys', '-t', 'k', ...(key.length === 1 ? ['-l', key] : [key]));
		},
		async waitFor(pattern, what, timeoutMs = 90_000) {
			const deadline = Date.now() + timeoutMs;
			let screen = '';
			while (Date.now() < deadline) {
				screen = await capture();
				if (pattern.test(screen)) return screen;
				await pause(100);
			}
			throw new Error(`timed out waiting for ${what}; the pane shows:\n${screen}`);
		},
		async until(event, what, timeoutMs = 90_000) {
			let done = false;
			const settled = event.finally(() => (done = true));
			settled.catch(() => undefined);
			const deadline = Date.now() + timeoutMs;
			let screen = '';
			while (!done && Date.now() < deadline) {
				screen = await capture();
				if (!done && /tenantdeck-exit=\d+/.test(screen)) throw new Error(`the console ended before ${what}; the pane shows:\n${screen}`);
				await Promise.race([settled, pause(100)]);
			}
			if (!done) throw new Error(`timed out waiting for ${what}; the pane shows:\n${screen}`);
			return settled;
		},
		async kill() {
			await tmux('kill-session', '-t', 'k');
		},
	};
}

const found = await locatePowerShell();
const required = process.env['TENANTDECK_REQUIRE_PWSH'] === '1';
const gate = limiter(2);

type Way = {name: string; leave(screen: Console): Promise<void>; code?: number};

const ways: Way[] = [
	{name: 'q then y', code: 0, async leave(screen) {
		await screen.keys('q');
		await screen.waitFor(/Quit and stop the run\?/, 'the quit question');
		await screen.keys('y');
	}},
	{name: 'Ctrl+C typed twice', code: 0, async leave(screen) {
		await screen.keys('C-c');
		await screen.waitFor(/Quit and stop the run\?/, 'the quit question');
		await screen.keys('C-c');
	}},
	{name: 'terminal closed (tmux kill-session)', async leave(screen) {
		await screen.kill();
	}},
];

for (const way of ways) {
	const title = `console, ${way.name}, with a cmdlet in flight: no process left, no connection open, next run not refused`;
	if (typeof found === 'string' || !tmuxTool.path) {
		const reason = typeof found === 'string' ? found : 'tmux is not on PATH';
		if (required && typeof found === 'string') test(title, t => t.fail(`TENANTDECK_REQUIRE_PWSH=1 but ${reason}`));
		else if (tmuxTool.required) test(title, t => t.fail(`${tmuxTool.switchName}=1 but ${reason}`));
		else test.skip(`${title} (skipped: ${reason})`, () => undefined);
		continue;
	}
	test(title, t =>
		gate(async () => {
			await ensureBundle();
			const {sandbox, cmdlets} = await watchedSandbox(t);
			const home = await newHome();
			const screen = await openConsole(t, home, sandbox.url, way.name.replace(/\W+/g, '-'));
			await screen.waitFor(/0 selected of 24, all shown/, 'the tenant picker after sign-in');
			await screen.keys('a');
			await screen.waitFor(/24 selected of 24/, 'every tenant selected');
			await screen.keys('Enter');
			// The row itself, not just the title: steps counted from a half-drawn frame would be wrong.
			const operations = await screen.waitFor(/Operation for 24 tenants[\s\S]*^\[read\]\s+mailboxes-list\s/m, 'the operation picker with mailboxes-list');
			const ids = operations.split('\n').map(line => /^\[(?:read|WRITE)\]\s+(\S+)/.exec(line)?.[1]).filter(Boolean);
			const steps = ids.indexOf('mailboxes-list');
			t.true(steps >= 0, 'mailboxes-list is offered');
			await screen.keys('g', ...'j'.repeat(steps));
			await screen.waitFor(/List mailboxes · Exchange Online PowerShell/, 'mailboxes-list highlighted');
			await screen.keys('Enter');
			await screen.waitFor(/List mailboxes — parameters/, 'the parameters form');
			const inFlight = new Promise(resolve => cmdlets.once('cmdlet', resolve));
			await screen.keys('Enter');
			await screen.until(inFlight, 'a cmdlet reached the service');
			await way.leave(screen);
			if (way.code !== undefined) await screen.waitFor(new RegExp(`tenantdeck-exit=${way.code}`), 'a clean exit', 60_000);
			// After a hang-up nothing shows the exit: wait for every marked process to be gone instead.
			for (let tries = 0; tries < 600 && (await marked(home.mark)).length > 0; tries++) await pause(100);
			t.deepEqual(await marked(home.mark), [], 'a process outlived the console');
			const ledger = sandbox.stats().exchange;
			const stderr = await readFile(screen.stderrFile, 'utf8').catch(() => '');
			t.true(ledger.opened > 0);
			t.is(ledger.open, 0, `${JSON.stringify(ledger)} stderr: ${stderr.slice(-1500)}`);
			t.is(ledger.opened, ledger.closed);
			t.notRegex(stderr, /Assertion|ResetStdio|Aborted/, stderr);
			sandbox.context.knobs.exchangeCmdletMs = 0;
			// One tenant (one PowerShell process): the ledger above already says nothing is left open.
			const again = cli(t, home, ['run', '--sandbox-url', sandbox.url, '--op', 'mailboxes-list', '--tenants', sandbox.context.world.customers[0]!.tenantId, '--format', 'json', '--quiet']);
			const [code] = await again.exited;
			t.is(code, 0, again.stderr());
			t.is(sandbox.stats().exchange.refused, 0);
		}),
	);
}
