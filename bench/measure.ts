// Shared bench helpers: build once, temp homes, run the CLI as a child and read its peak RSS.

import {spawn} from 'node:child_process';
import {mkdtemp} from 'node:fs/promises';
import {join} from 'node:path';
import {existsSync} from 'node:fs';
import {execFileSync} from 'node:child_process';
// @ts-expect-error: a plain JavaScript script of the test runner's, without types
import {suiteTempFolder} from '../scripts/test-temp.mjs';

export function ensureBuilt(): void {
	if (!existsSync('dist/cli.js') || process.env['BENCH_REBUILD'] !== '0') execFileSync(process.execPath, ['scripts/build.mjs'], {stdio: 'inherit'});
}

// The homes live in one folder of the bench's own, removed when it ends (as `npm test` does with its
// own, scripts/test-temp.mjs; one left by a bench that was killed goes at the next start): a run of
// every case made a dozen homes (token caches, run folders of thousands of rows) and left them all in
// the system's temp folder.
let temp: {path: string; remove(): number} | undefined;

export async function tempHome(): Promise<NodeJS.ProcessEnv> {
	if (!temp) {
		const made = (temp = suiteTempFolder() as {path: string; remove(): number});
		process.on('exit', () => made.remove());
	}
	const home = await mkdtemp(join(temp.path, 'tenantdeck-bench-'));
	return {...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache')};
}

/** mainThreadCpuMs: the JavaScript thread's own CPU (Linux only), without V8's compiler and GC helper threads. */
export type ChildResult = {code: number | null; stdout: string; stderr: string; wallMs: number; maxRssMiB: number; cpuMs: number; mainThreadCpuMs?: number};

/** Runs `node dist/cli.js ...args` and reports wall time and peak RSS of that process. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<ChildResult> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(process.execPath, ['bench/rss-child.mjs', 'dist/cli.js', ...args], {env, stdio: ['ignore', 'pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		let rss = '';
		child.stdout!.on('data', chunk => (stdout += chunk));
		child.stderr!.on('data', chunk => (stderr += chunk));
		(child.stdio[3] as NodeJS.ReadableStream).on('data', chunk => (rss += chunk));
		child.on('error', reject);
		child.on('close', code => {
			const parsed = rss ? (JSON.parse(rss) as {maxRssKiB: number; cpuMs: number; mainThreadCpuMs?: number}) : {maxRssKiB: 0, cpuMs: 0};
			resolve({code, stdout, stderr, wallMs: performance.now() - started, maxRssMiB: parsed.maxRssKiB / 1024, cpuMs: parsed.cpuMs, mainThreadCpuMs: parsed.mainThreadCpuMs});
		});
	});
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * A ratio against its goal, to three places rounded down and with its verdict: two places printed
 * 0.9487 as "0.95 (goal ≥ 0.95)", a miss that read as met, and three rounded printed 0.94976 as
 * "0.950 (goal ≥ 0.95: missed)".
 */
export function ratioAgainst(ratio: number, goal: number): string {
	return `ratio ${(Math.floor(ratio * 1000) / 1000).toFixed(3)} (goal ≥ ${goal}: ${ratio >= goal ? 'met' : 'missed'})`;
}
