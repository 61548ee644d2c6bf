// `npm test`: runs ava with TAP output, passes it through, and closes with "N passed, N failed"
// counted from the TAP lines, so CI and humans read the same number.
import {spawn} from 'node:child_process';
import {createInterface} from 'node:readline';

const args = ['--tap', ...process.argv.slice(2)];
const ava = spawn(process.execPath, ['node_modules/ava/entrypoints/cli.mjs', ...args], {stdio: ['ignore', 'pipe', 'inherit']});
let passed = 0;
let failed = 0;
let skipped = 0;
const lines = createInterface({input: ava.stdout});
lines.on('line', line => {
	console.log(line);
	if (/^not ok \d+/.test(line)) {
		if (/# TODO/.test(line)) skipped++; else failed++;
	} else if (/^ok \d+/.test(line)) {
		if (/# SKIP/.test(line)) skipped++; else passed++;
	}
});
ava.on('close', code => {
	console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
	process.exit(code ?? 1);
});
