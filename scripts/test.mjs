// `npm test`: runs ava with TAP output, passes it through, and closes with "N passed, N failed"
// counted from the TAP lines, so CI and humans read the same number; then lists what was skipped
// (and why) and how long the suite took.
// ava runs its workers with CI=false (package.json "environmentVariables"): Ink renders only the last
// frame when CI is set, and the in-process console tests read every frame as a user would see it.
import {spawn} from 'node:child_process';
import {createInterface} from 'node:readline';

const args = ['--tap', ...process.argv.slice(2)];
const ava = spawn(process.execPath, ['node_modules/ava/entrypoints/cli.mjs', ...args], {stdio: ['ignore', 'pipe', 'inherit']});
let passed = 0;
let failed = 0;
let skipped = 0;
const skippedTitles = [];
const started = Date.now();
const lines = createInterface({input: ava.stdout});
lines.on('line', line => {
	console.log(line);
	if (/^not ok \d+/.test(line)) {
		if (/# TODO/.test(line)) skipped++; else failed++;
	} else if (/^ok \d+/.test(line)) {
		if (/# SKIP/.test(line)) {
			skipped++;
			skippedTitles.push(line.replace(/^ok \d+ - /, '').replace(/\s*# SKIP.*$/, ''));
		} else passed++;
	}
});
ava.on('close', code => {
	for (const title of skippedTitles) console.log(`skipped: ${title}`);
	console.log(`suite took ${((Date.now() - started) / 1000).toFixed(0)} s`);
	console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
	process.exit(code ?? 1);
});
