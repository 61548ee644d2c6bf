// Per-file wall time of the suite, without running it all at once: each named test file (or every
// file under a named folder) runs alone through ava, one after another, and its time and result are
// printed as it ends, then a table sorted slowest first. With 2 workers the slowest file bounds the
// whole suite's time, so this is how the long poles are found (and the order in ava.config.js kept
// honest). CPU is what the file and everything it started used: far below wall time means it waits.
// Usage: node scripts/time-test-files.mjs test/powershell test/e2e/console.test.ts
// Extra ava flags go after `--`. The environment is passed on (TENANTDECK_REQUIRE_* included).
import {spawn} from 'node:child_process';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';

/** CPU seconds of this script's finished children and theirs (cutime + cstime, Linux /proc). */
function childrenCpuSeconds() {
	const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
	return (Number(fields[13]) + Number(fields[14])) / 100;
}

const separator = process.argv.indexOf('--');
const targets = separator === -1 ? process.argv.slice(2) : process.argv.slice(2, separator);
const avaFlags = separator === -1 ? [] : process.argv.slice(separator + 1);
if (targets.length === 0) {
	console.error('usage: node scripts/time-test-files.mjs <test file or folder>... [-- <ava flags>]');
	process.exit(2);
}

const isTestFile = name => /\.test\.tsx?$/.test(name);
const files = targets.flatMap(target =>
	statSync(target).isDirectory()
		? readdirSync(target, {recursive: true}).map(String).filter(isTestFile).sort().map(name => join(target, name))
		: [target],
);

function timeOne(file) {
	const started = Date.now();
	const cpuBefore = childrenCpuSeconds();
	return new Promise(resolve => {
		const ava = spawn(process.execPath, ['node_modules/ava/entrypoints/cli.mjs', file, ...avaFlags], {stdio: ['ignore', 'pipe', 'pipe']});
		let output = '';
		ava.stdout.on('data', chunk => (output += chunk));
		ava.stderr.on('data', chunk => (output += chunk));
		ava.on('close', code => resolve({file, seconds: (Date.now() - started) / 1000, cpu: childrenCpuSeconds() - cpuBefore, code, summary: (output.match(/\d+ tests? (passed|failed)[^\n]*/g) ?? []).join(', ')}));
	});
}

const results = [];
for (const file of files) {
	const result = await timeOne(file);
	results.push(result);
	console.log(`${result.seconds.toFixed(1).padStart(7)} s  cpu ${result.cpu.toFixed(1).padStart(6)} s  ${result.code === 0 ? 'ok  ' : 'FAIL'}  ${file}  ${result.summary}`);
}
console.log('\nslowest first:');
for (const {file, seconds, cpu} of results.sort((a, b) => b.seconds - a.seconds)) console.log(`${seconds.toFixed(1).padStart(7)} s  cpu ${cpu.toFixed(1).padStart(6)} s  ${file}`);
console.log(`total ${results.reduce((sum, {seconds}) => sum + seconds, 0).toFixed(0)} s (cpu ${results.reduce((sum, {cpu}) => sum + cpu, 0).toFixed(0)} s) over ${results.length} files, load average ${(await import('node:os')).loadavg()[0].toFixed(2)}`);
