// Per-file wall time of the suite, without running it all at once: each named test file (or every
// file under a named folder) runs alone through ava, one after another, and its time and result are
// printed as it ends, then a table sorted slowest first. With 2 workers the slowest file bounds the
// whole suite's time, so this is how the long poles are found (and the order in ava.config.js kept
// honest). CPU is what the file and everything it started used: far below wall time means it waits.
// PowerShell processes are the suite's main CPU cost (a start is about a second of CPU), so the
// processes of this checkout's engine host (or pwsh) seen while a file runs are counted, with the CPU
// they used: sampled from /proc every 100 ms, so it holds for processes a killed CLI left orphaned too.
// The files run compiled, as under `npm test` (prepareCompiledSuite in scripts/build-tests.mjs), so
// CPU and time are what the suite pays; through tsx a file costs up to twice the CPU.
// Usage: node scripts/time-test-files.mjs test/powershell test/e2e/console.test.ts
// Extra ava flags go after `--`. The environment is passed on (TENANTDECK_REQUIRE_* included).
import {spawn} from 'node:child_process';
import {readdirSync, readFileSync, readlinkSync, statSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {compiledTestPath, prepareCompiledSuite} from './build-tests.mjs';
import {suiteTempFolder} from './test-temp.mjs';

/** CPU seconds of this script's finished children and theirs (cutime + cstime, Linux /proc). */
function childrenCpuSeconds() {
	const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
	return (Number(fields[13]) + Number(fields[14])) / 100;
}

// The files get a temp folder of their own, as under `npm test`, removed when this ends: a timing of
// every file left some 260 private homes, rows folders and canaries in the system's temp folder.
const temp = suiteTempFolder();
process.on('exit', () => temp.remove());

const clockTicks = 100;
const hostPrefix = resolve('source/sandbox/pwsh-host');

/**
 * Watches /proc for PowerShell processes started from this checkout (the engine host) or named pwsh:
 * how many were seen and the CPU seconds each had used when last seen. Linux only; elsewhere zeros.
 */
function powershellSampler() {
	const seen = new Map();
	const sample = () => {
		let entries = [];
		try {
			entries = readdirSync('/proc').filter(entry => /^\d+$/.test(entry));
		} catch {
			return;
		}
		for (const pid of entries) {
			try {
				const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
				const name = /\((.*)\)/.exec(stat)?.[1] ?? '';
				if (!name.startsWith('tenantdeck-pwsh') && name !== 'pwsh') continue;
				if (name !== 'pwsh' && !readlinkSync(`/proc/${pid}/exe`).startsWith(hostPrefix)) continue;
				const fields = stat.replace(/^.*\) /, '').split(' ');
				// The start time keeps a reused pid from merging two processes.
				seen.set(`${pid}:${fields[19]}`, (Number(fields[11]) + Number(fields[12])) / clockTicks);
			} catch {
				// Gone meanwhile, or not ours to read.
			}
		}
	};
	const timer = setInterval(sample, 100);
	return {
		stop() {
			clearInterval(timer);
			return {count: seen.size, cpu: [...seen.values()].reduce((sum, cpu) => sum + cpu, 0)};
		},
	};
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

const compiledEnv = await prepareCompiledSuite(process.cwd());

function timeOne(file) {
	const started = Date.now();
	const cpuBefore = childrenCpuSeconds();
	const sampler = powershellSampler();
	return new Promise(resolve => {
		const ava = spawn(process.execPath, ['--import=./scripts/test-v8-flags.mjs', 'node_modules/ava/entrypoints/cli.mjs', compiledTestPath(file), ...avaFlags], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, ...compiledEnv, ...temp.env}});
		let output = '';
		ava.stdout.on('data', chunk => (output += chunk));
		ava.stderr.on('data', chunk => (output += chunk));
		ava.on('close', code => resolve({file, seconds: (Date.now() - started) / 1000, cpu: childrenCpuSeconds() - cpuBefore, powershell: sampler.stop(), code, summary: (output.match(/\d+ tests? (passed|failed)[^\n]*/g) ?? []).join(', ')}));
	});
}

/** "pwsh 12 × 1.1 s": processes seen and their average CPU each. */
function powershellText({count, cpu}) {
	return `pwsh ${String(count).padStart(3)} × ${(count ? cpu / count : 0).toFixed(1)} s`;
}

const results = [];
for (const file of files) {
	const result = await timeOne(file);
	results.push(result);
	console.log(`${result.seconds.toFixed(1).padStart(7)} s  cpu ${result.cpu.toFixed(1).padStart(6)} s  ${powershellText(result.powershell)}  ${result.code === 0 ? 'ok  ' : 'FAIL'}  ${file}  ${result.summary}`);
}
console.log('\nslowest first:');
for (const {file, seconds, cpu, powershell} of results.sort((a, b) => b.seconds - a.seconds)) console.log(`${seconds.toFixed(1).padStart(7)} s  cpu ${cpu.toFixed(1).padStart(6)} s  ${powershellText(powershell)}  ${file}`);
console.log(`total ${results.reduce((sum, {seconds}) => sum + seconds, 0).toFixed(0)} s (cpu ${results.reduce((sum, {cpu}) => sum + cpu, 0).toFixed(0)} s) over ${results.length} files, load average ${(await import('node:os')).loadavg()[0].toFixed(2)}`);
