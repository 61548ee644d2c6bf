// The console as an SSH session gets it, in a real terminal (tmux at 60×20): under LANG=C every
// character on screen is ASCII (tmux runs with -u, so it would show UTF-8 if the app sent it — the
// UTF-8 pane beside it proves that), a clipped list says how many tenants lie below, and a piped
// stdin gets one line and exit 2 instead of a stack trace.

import test from 'ava';
import {execFile} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {randomUUID} from 'node:crypto';
import {ensureBundle} from '../helpers/bundle.js';
import {allGoneAfter} from '../helpers/kill-round.js';
import {requiredTool} from '../helpers/required-tool.js';

const run = promisify(execFile);
const root = process.cwd();
// Required by .ci/run (TENANTDECK_REQUIRE_TMUX=1): missing tmux then fails instead of skipping.
const tmuxTool = requiredTool('tmux', 'TENANTDECK_REQUIRE_TMUX');
const terminalTest = tmuxTool.run ? test.serial : test.skip;

type Pane = {
	capture(options?: string[]): Promise<string>;
	keys(...keys: string[]): Promise<void>;
	waitFor(check: RegExp | ((screen: string) => boolean), what: string, timeoutMs?: number): Promise<string>;
};

async function openPane(t: import('ava').ExecutionContext, name: string, shellCommand: string): Promise<Pane> {
	const home = await mkdtemp(join(tmpdir(), 'tenantdeck-ssh-'));
	const socket = `tenantdeck-ssh-${process.pid}-${name}`;
	// Ink draws nothing until exit when it thinks it runs in CI, so the app gets no CI variables.
	const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'CI' && key !== 'CONTINUOUS_INTEGRATION' && !key.startsWith('CI_')));
	// The mark lets the teardown wait for the app to leave before its home is removed (tmux-pane.ts).
	const mark = randomUUID();
	Object.assign(env, {XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache'), HOME: home, TENANTDECK_TEST_MARK: mark});
	const tmux = (...args: string[]) => run('tmux', ['-u', '-L', socket, '-f', '/dev/null', ...args], {env, cwd: root});
	await tmux('new-session', '-d', '-s', 'ssh', '-x', '60', '-y', '20', `${shellCommand}; echo "tenantdeck-exit=$?"; exec sleep 120`);
	t.teardown(async () => {
		await tmux('kill-server').catch(() => undefined);
		try {
			await allGoneAfter(mark, 'the terminal closed');
		} finally {
			await rm(home, {recursive: true, force: true});
		}
	});
	const pane: Pane = {
		async capture(options = []) {
			return (await tmux('capture-pane', '-p', ...options, '-t', 'ssh')).stdout;
		},
		async keys(...keys) {
			for (const key of keys) await tmux('send-keys', '-t', 'ssh', ...(key.length === 1 ? ['-l', key] : [key]));
		},
		async waitFor(check, what, timeoutMs = 60_000) {
			const deadline = Date.now() + timeoutMs;
			let screen = '';
			while (Date.now() < deadline) {
				screen = await pane.capture();
				if (typeof check === 'function' ? check(screen) : check.test(screen)) return screen;
				await new Promise(resolve => setTimeout(resolve, 50));
			}
			throw new Error(`timed out waiting for ${what}. The pane shows:\n${screen}`);
		},
	};
	return pane;
}

const app = `${JSON.stringify(process.execPath)} dist/cli.js`;
const nonAscii = (screen: string) => [...new Set(screen.replaceAll(/[\x00-\x7f]/g, ''))];

terminalTest(tmuxTool.title('LANG=C at 60×20: the screen is ASCII only, lists say how many lie below'), async t => {
	if (!tmuxTool.path) return t.fail(`${tmuxTool.switchName}=1 but tmux is not on PATH`);
	await ensureBundle(root);
	const plain = await openPane(t, 'c', `env -u LC_ALL -u LC_CTYPE LANG=C ${app} --sandbox`);
	const picker = await plain.waitFor(/0 selected of [1-9]\d*, all shown/, 'the tenant picker after sign-in');
	t.regex(picker, /^tenantdeck \| Customer tenants/m);
	t.regex(picker, /\+\d+ more below/);
	t.true(picker.split('\n').every(line => line.length <= 60));
	t.deepEqual(nonAscii(picker), [], picker);
	await plain.keys('?');
	const help = await plain.waitFor(/^\+-{20,}\+$/m, 'the help overlay with a classic border');
	t.deepEqual(nonAscii(help), [], help);
	// Esc, and q only once the help is gone: Esc and q read together are Alt+q to the terminal's
	// reader (Ink), which is no key here, and the console would never quit.
	await plain.keys('Escape');
	await plain.waitFor(screen => !/Go back one step/.test(screen) && /selected of/.test(screen), 'the help closed');
	await plain.keys('q');
	await plain.waitFor(/tenantdeck-exit=0/, 'a clean exit');

	// The same console under UTF-8 in the same kind of pane does show Unicode: the check above can fail.
	const utf8 = await openPane(t, 'utf8', `env -u LC_ALL -u LC_CTYPE LANG=C.UTF-8 ${app} --sandbox`);
	const rich = await utf8.waitFor(/0 selected of [1-9]\d*, all shown/, 'the UTF-8 tenant picker');
	t.true(nonAscii(rich).includes('·'), rich);
	await utf8.keys('q');
});

terminalTest(tmuxTool.title('a piped stdin in a terminal gets one line and exit 2'), async t => {
	if (!tmuxTool.path) return t.fail(`${tmuxTool.switchName}=1 but tmux is not on PATH`);
	await ensureBundle(root);
	const pane = await openPane(t, 'pipe', `echo | ${app}`);
	await pane.waitFor(/tenantdeck-exit=\d+/, 'the exit code');
	// -J joins the lines the 60-column terminal wrapped, as a copy from the terminal would.
	const screen = await pane.capture(['-J']);
	t.regex(screen, /tenantdeck-exit=2/);
	const printed = screen.split('\n').filter(line => line.trim() && !line.startsWith('tenantdeck-exit='));
	t.is(printed.join(' ').replace(/\s+/g, ' ').trim(), 'tenantdeck: the console needs a terminal. For scripts use "tenantdeck run --op <id> --tenants <list>" (see "tenantdeck run --help").');
	t.notRegex(screen, /at .*\.js:\d+|Error/);
});
