// `npm test`'s runner (scripts/test.mjs) over small suites that crash in every way a test file can:
// an exception while loading, an uncaught exception, process.exit(), and a hang past ava's
// inactivity timeout. Each is a counted failure naming its file or test, the other files still run,
// and the exit code is not 0 — the summary line CI prints can never read green over a crash.
// Each run also gets a temp folder of its own that is gone afterwards, however the run ended.

import test from 'ava';
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {mkdir, mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** An empty folder to run the runner in as its TMPDIR, so what it leaves there can be seen. */
async function tempParent(t: {teardown(fn: () => Promise<void>): void}): Promise<string> {
	const parent = await mkdtemp(join(tmpdir(), 'tenantdeck-runner-'));
	t.teardown(() => rm(parent, {recursive: true, force: true}));
	return parent;
}

function start(config: string, env: NodeJS.ProcessEnv = {}, detached = false): {child: ChildProcess; done: Promise<{code: number | null; lines: string[]}>} {
	const child = spawn(process.execPath, ['scripts/test.mjs', '--config', config], {cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, ...env}, detached});
	let output = '';
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	const done = (once(child, 'close') as Promise<[number | null]>).then(([code]) => ({code, lines: output.split('\n')}));
	return {child, done};
}

/**
 * What a run left in the TMPDIR it was started with. tsx's compile cache (tsx-<uid>) is meant to be
 * there: the run links it into its own folder so compiled files are reused across runs.
 */
async function leftIn(parent: string): Promise<string[]> {
	return (await readdir(parent)).filter(name => !/^tsx-/.test(name));
}

async function runner(config: string, parent?: string): Promise<{code: number | null; lines: string[]}> {
	return start(`test/suites/crashing/${config}`, parent ? {TMPDIR: parent} : {}).done;
}

test('crashes while loading, in a timer and by process.exit() are failures; the other files still run; exit 1', async t => {
	const parent = await tempParent(t);
	const {code, lines} = await runner('ava.config.mjs', parent);
	const text = lines.join('\n');
	t.is(code, 1, text);
	t.is(lines.filter(line => /^\d+ passed, \d+ failed/.test(line)).at(-1), '4 passed, 5 failed', text);
	// process.exit() is reported against the test that called it (ava's TAP reporter would crash here).
	t.true(lines.some(line => /^not ok \d+ - exits\.fixture › calls process\.exit$/.test(line)), text);
	t.true(lines.some(line => line === 'crashed: test/suites/crashing/load.fixture.mjs (its remaining tests did not run)'), text);
	t.true(lines.some(line => line === 'crashed: test/suites/crashing/uncaught.fixture.mjs (its remaining tests did not run)'), text);
	for (const title of ['passes.fixture › passes', 'passes.fixture › passes too', 'uncaught.fixture › passes before the crash', 'exits.fixture › passes first']) {
		t.true(lines.some(line => new RegExp(`^ok \\d+ - ${title}$`).test(line)), `${title} ran:\n${text}`);
	}
	t.false(lines.some(line => line.startsWith('incomplete:')), text);
	// The end names each failure with ava's own report on it; a crash has none, so nothing is put under it.
	const ending = lines.slice(lines.findIndex(line => /^1\.\.\d+$/.test(line)) + 1);
	t.true(ending.includes('failed: exits.fixture › calls process.exit'), text);
	t.true(ending.includes('  message: fails while loading'), text);
	t.false(ending.some(line => /^ {2}(# |1\.\.)/.test(line) || /^ {2}(tests|pass|fail) \d/.test(line)), text);
	t.notRegex(text, /TypeError/);
	t.deepEqual(await leftIn(parent), [], 'the crashed run left its temp folder behind');
});

test('a test that never settles is failed by the inactivity timeout and named; exit 1', async t => {
	const {code, lines} = await runner('hang.config.mjs');
	const text = lines.join('\n');
	t.is(code, 1, text);
	t.is(lines.filter(line => /^\d+ passed, \d+ failed/.test(line)).at(-1), '1 passed, 1 failed', text);
	t.true(lines.some(line => /^not ok \d+ - never settles$/.test(line)), text);
	t.regex(text, /no new tests completed within the last 15000ms/);
	t.notRegex(text, /TypeError/);
});

test('the run has a temp folder of its own under TMPDIR, holding the XDG cache and config folders too, removed after a failing run with what tests left there (read-only folders too)', async t => {
	const parent = await tempParent(t);
	const {code, lines} = await start('test/suites/temp/ava.config.mjs', {TMPDIR: parent}).done;
	const text = lines.join('\n');
	t.is(code, 1, text);
	t.is(lines.filter(line => /^\d+ passed, \d+ failed/.test(line)).at(-1), '1 passed, 1 failed', text);
	// The test saw a folder of the run's own inside the TMPDIR it was started with, not that TMPDIR itself.
	const seen = new RegExp(`tmpdir (${parent.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/tenantdeck-suite-\\d+-\\w+)$`).exec(text.split('\n').find(line => line.includes('tmpdir ')) ?? '');
	t.truthy(seen, text);
	// What tests start without a home of their own (PowerShell, Chromium) keeps its cache and config
	// there too, not in the user's home; they are not counted as left behind.
	t.is(text.split('\n').find(line => line.includes('xdg '))?.replace(/^.*xdg /, ''), `${seen?.[1]}/xdg-cache ${seen?.[1]}/xdg-config`, text);
	t.regex(text, /temp: the run left 1 entry in .*tenantdeck-suite-\d+-\w+ \(removed with it\)/);
	// The end of the log names the failure with ava's message: CI may show only the last lines.
	const summaryAt = lines.findIndex(line => line.startsWith('temp: the run left'));
	const failedAt = lines.indexOf('failed: fails, and the folder still goes');
	t.true(failedAt > lines.findIndex(line => /^1\.\.\d+$/.test(line)) && failedAt < summaryAt, text);
	t.true(lines.slice(failedAt + 1, summaryAt).some(line => /^ {2}message: on purpose$/.test(line)), text);
	t.deepEqual(await leftIn(parent), []);
	t.true((await readdir(parent)).some(name => /^tsx-/.test(name)), 'tsx\'s compile cache stays in the system temp folder (the run links it), kept across runs');
});

test('Ctrl+C mid-run: the runner waits for ava to stop, then removes the temp folder; a folder left by a killed runner goes at the next start', async t => {
	const parent = await tempParent(t);
	// What a runner killed with SIGKILL leaves: a folder named after a pid that no longer runs.
	const gone = spawn(process.execPath, ['-e', '']);
	await once(gone, 'exit');
	const stale = join(parent, `tenantdeck-suite-${gone.pid!}-Ab12Cd`);
	await mkdir(join(stale, 'tenantdeck-test-x'), {recursive: true});
	await writeFile(join(stale, 'tenantdeck-test-x', 'rows.txt'), 'old');
	const run = start('test/suites/temp/hang.config.mjs', {TMPDIR: parent}, true);
	t.teardown(() => {
		try {
			process.kill(-run.child.pid!, 'SIGKILL');
		} catch {
			// Already gone.
		}
	});
	// The test's home exists once it runs; then a terminal's Ctrl+C goes to the whole process group.
	const ready = async (): Promise<boolean> => {
		for (const name of await readdir(parent)) {
			if (!name.startsWith(`tenantdeck-suite-${run.child.pid!}-`)) continue;
			for (const home of await readdir(join(parent, name)).catch((): string[] => [])) {
				if ((await readdir(join(parent, name, home)).catch((): string[] => [])).includes('ready')) return true;
			}
		}
		return false;
	};
	let ended = false;
	void run.done.then(() => (ended = true));
	while (!ended && !(await ready())) await new Promise(resolve => setTimeout(resolve, 100));
	if (ended) {
		t.fail(`the runner ended before its test ran:\n${(await run.done).lines.join('\n')}`);
		return;
	}
	t.false((await readdir(parent)).includes(`tenantdeck-suite-${gone.pid!}-Ab12Cd`), 'the killed runner\'s folder is still there');
	process.kill(-run.child.pid!, 'SIGINT');
	const {code, lines} = await run.done;
	const text = lines.join('\n');
	t.not(code, 0, text);
	t.regex(text, /^(stopped: the run was interrupted|incomplete:)/m);
	t.deepEqual(await leftIn(parent), [], text);
});

test('a failure whose details the TAP reporter cannot print is still a named failure, and the next test is still reported', t => {
	// ava's reporter, as the runner loads it: an error that reaches it without a stack made js-yaml throw
	// ("unacceptable kind of an object to dump [object Undefined]"), which ended a whole suite run.
	const script = `
		await import(${JSON.stringify(pathToFileURL(join(root, 'scripts/ava-tap-fix.mjs')).href)});
		const {default: TapReporter} = await import(${JSON.stringify(pathToFileURL(join(root, 'node_modules/ava/lib/reporters/tap.js')).href)});
		let out = '';
		const reporter = new TapReporter({extensions: ['js'], projectDir: process.cwd(), reportStream: {write: text => (out += text)}, stdStream: process.stderr});
		reporter.writeTest({title: 'fails without a stack', testFile: 'x', logs: [], err: {type: 'native', name: 'Error', stack: undefined, formattedDetails: [], originalError: {message: 'the reason'}}}, {passed: false});
		reporter.writeTest({title: 'passes next', testFile: 'x', logs: [], err: null}, {passed: true});
		process.stdout.write(out);`;
	const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {cwd: root, encoding: 'utf8'});
	t.is(run.status, 0, run.stderr);
	t.regex(run.stdout, /^not ok 1 - fails without a stack$/m);
	t.regex(run.stdout, /message: the reason/);
	t.regex(run.stdout, /^ok 2 - passes next$/m);
});
