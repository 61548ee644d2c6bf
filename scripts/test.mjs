// `npm test`: runs ava with TAP output, passes it through, and closes with "N passed, N failed"
// counted from the TAP lines, so CI and humans read the same number; then lists what was skipped
// (and why), which tests failed (with the first lines of ava's report on each, since CI may show only
// the end of the log), which test files crashed, and how long the suite took.
// ava runs its workers with CI=false (ava.config.mjs "environmentVariables"): Ink renders only the last
// frame when CI is set, and the in-process console tests read every frame as a user would see it.
// A test file that crashes (uncaught exception, unhandled rejection, process.exit(), a hang past
// ava's inactivity timeout) is a failure: its own "not ok" lines are counted and the file is named.
// ava 7's TAP reporter would itself crash on process.exit() and on the timeout (avajs/ava#3461);
// scripts/ava-tap-fix.mjs works around that. Should ava still die mid-run, its TAP stream ends
// without a plan ("1..N"): that is counted as a failure and said in one line, since the lines seen
// so far would read like a short, nearly green suite. The exit code is never 0 while anything failed.
// The run gets a temp folder of its own (TMPDIR, under the system's) that is removed when ava ends,
// whether it passed, failed or was stopped by Ctrl+C: tests make private homes there, and processes
// the suite kills on purpose (PowerShell's .NET runtime, rows folders) leave files nothing else would
// remove. A folder left by a runner that was itself killed is removed by the next run. The XDG cache
// and config folders are in it too (test-temp.mjs): PowerShell and Chromium write there, not in the home.
// The suite runs compiled to JavaScript (scripts/build-tests.mjs: about half the CPU of loading it
// through tsx); test files named on the command line (`npm test -- test/x.test.ts`) run compiled too.
// A run given its own `--config` (the runner's own tests) runs as that config says, nothing compiled.
// ava's process, and so every worker thread, runs without V8's optimising compiler (scripts/test-v8-flags.mjs).
import {spawn} from 'node:child_process';
import {createInterface} from 'node:readline';
import {compiledTestPath, prepareCompiledSuite, sourceTestPath} from './build-tests.mjs';
import {suiteTempFolder} from './test-temp.mjs';

const root = process.cwd();
const given = process.argv.slice(2);
const compile = !given.some(arg => arg === '--config' || arg.startsWith('--config='));
const env = {...process.env, ...(compile ? await prepareCompiledSuite(root) : {})};
const temp = suiteTempFolder();
const args = ['--tap', ...(compile ? given.map(compiledTestPath) : given)];
const ava = spawn(process.execPath, ['--import=./scripts/test-v8-flags.mjs', '--import=./scripts/ava-tap-fix.mjs', 'node_modules/ava/entrypoints/cli.mjs', ...args], {stdio: ['ignore', 'pipe', 'inherit'], env: {...env, ...temp.env}});
// Ctrl+C reaches ava and its workers too (one process group); a signal sent to this runner alone is
// passed on. Either way the runner waits for ava to end, then removes the folder; a second signal
// ends ava at once.
let signalled = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		signalled++;
		ava.kill(signalled > 1 ? 'SIGKILL' : signal);
	});
}
let passed = 0;
let failed = 0;
let skipped = 0;
let planned = false;
const skippedTitles = [];
const failures = [];
// Under the latest "not ok": its report's lines, and whether its YAML block (between "  ---" and
// "  ...") has begun. t.log lines ("# ...") come before the block; a crashed file has no block at all.
let failureReport;
const crashedFiles = [];
const started = Date.now();
const lines = createInterface({input: ava.stdout});
lines.on('line', line => {
	console.log(line);
	if (failureReport) {
		if (/^\s+---$/.test(line)) failureReport.inBlock = true;
		else if (failureReport.inBlock ? /^\s+\.\.\.$/.test(line) : !/^\s*#/.test(line)) failureReport = undefined;
		else if (failureReport.inBlock && failureReport.lines.length < 8) failureReport.lines.push(line);
	}
	if (/^1\.\.\d+$/.test(line)) planned = true;
	if (/^not ok \d+/.test(line)) {
		if (/# TODO/.test(line)) skipped++;
		else {
			failed++;
			failureReport = {inBlock: false, lines: []};
			failures.push({title: line.replace(/^not ok \d+ - /, ''), report: failureReport.lines});
		}
		const crashed = /^not ok \d+ - (.+?) exited with a non-zero exit code/.exec(line);
		if (crashed) crashedFiles.push(sourceTestPath(root, crashed[1]));
	} else if (/^ok \d+/.test(line)) {
		if (/# SKIP/.test(line)) {
			skipped++;
			skippedTitles.push(line.replace(/^ok \d+ - /, '').replace(/\s*# SKIP.*$/, ''));
		} else passed++;
	}
});
ava.on('close', (code, signal) => {
	for (const title of skippedTitles) console.log(`skipped: ${title}`);
	for (const {title, report} of failures) {
		console.log(`failed: ${title}`);
		for (const reportLine of report) console.log(`  ${reportLine.trim()}`);
	}
	for (const file of crashedFiles) console.log(`crashed: ${file} (its remaining tests did not run)`);
	if (planned && code !== 0 && failed === 0) {
		failed++;
		console.log(signalled
			? 'stopped: the run was interrupted (Ctrl+C or a signal); the tests still running did not finish.'
			: `failed: ava exited with ${signal ? `signal ${signal}` : `code ${code}`} without a failing test line (no test files found, or ava's own error above).`);
	}
	if (!planned) {
		failed++;
		console.log(`incomplete: ava stopped before the end of the run (${signal ? `signal ${signal}` : `exit code ${code}`}, no TAP plan): a test file called process.exit(), ava's inactivity timeout fired, or ava was killed; tests after that point did not run. See ava's own error above.`);
	}
	const left = temp.remove();
	if (left > 0) console.log(`temp: the run left ${left} entr${left === 1 ? 'y' : 'ies'} in ${temp.path} (removed with it)`);
	console.log(`suite took ${((Date.now() - started) / 1000).toFixed(0)} s`);
	console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
	process.exit(failed > 0 ? code || 1 : (code ?? 1));
});
