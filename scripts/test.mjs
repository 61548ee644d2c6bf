// `npm test`: runs ava with TAP output, passes it through, and closes with "N passed, N failed"
// counted from the TAP lines, so CI and humans read the same number; then lists what was skipped
// (and why), which test files crashed, and how long the suite took.
// ava runs its workers with CI=false (ava.config.mjs "environmentVariables"): Ink renders only the last
// frame when CI is set, and the in-process console tests read every frame as a user would see it.
// A test file that crashes (uncaught exception, unhandled rejection, process.exit(), a hang past
// ava's inactivity timeout) is a failure: its own "not ok" lines are counted and the file is named.
// ava 7's TAP reporter would itself crash on process.exit() and on the timeout (avajs/ava#3461);
// scripts/ava-tap-fix.mjs works around that. Should ava still die mid-run, its TAP stream ends
// without a plan ("1..N"): that is counted as a failure and said in one line, since the lines seen
// so far would read like a short, nearly green suite. The exit code is never 0 while anything failed.
import {spawn} from 'node:child_process';
import {createInterface} from 'node:readline';

const args = ['--tap', ...process.argv.slice(2)];
const ava = spawn(process.execPath, ['--import=./scripts/ava-tap-fix.mjs', 'node_modules/ava/entrypoints/cli.mjs', ...args], {stdio: ['ignore', 'pipe', 'inherit']});
let passed = 0;
let failed = 0;
let skipped = 0;
let planned = false;
const skippedTitles = [];
const crashedFiles = [];
const started = Date.now();
const lines = createInterface({input: ava.stdout});
lines.on('line', line => {
	console.log(line);
	if (/^1\.\.\d+$/.test(line)) planned = true;
	if (/^not ok \d+/.test(line)) {
		if (/# TODO/.test(line)) skipped++;
		else failed++;
		const crashed = /^not ok \d+ - (.+?) exited with a non-zero exit code/.exec(line);
		if (crashed) crashedFiles.push(crashed[1]);
	} else if (/^ok \d+/.test(line)) {
		if (/# SKIP/.test(line)) {
			skipped++;
			skippedTitles.push(line.replace(/^ok \d+ - /, '').replace(/\s*# SKIP.*$/, ''));
		} else passed++;
	}
});
ava.on('close', (code, signal) => {
	for (const title of skippedTitles) console.log(`skipped: ${title}`);
	for (const file of crashedFiles) console.log(`crashed: ${file} (its remaining tests did not run)`);
	if (planned && code !== 0 && failed === 0) {
		failed++;
		console.log(`failed: ava exited with ${signal ? `signal ${signal}` : `code ${code}`} without a failing test line (no test files found, or ava's own error above).`);
	}
	if (!planned) {
		failed++;
		console.log(`incomplete: ava stopped before the end of the run (${signal ? `signal ${signal}` : `exit code ${code}`}, no TAP plan): a test file called process.exit(), ava's inactivity timeout fired, or ava was killed; tests after that point did not run. See ava's own error above.`);
	}
	console.log(`suite took ${((Date.now() - started) / 1000).toFixed(0)} s`);
	console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
	process.exit(failed > 0 ? code || 1 : (code ?? 1));
});
