// Shared bench helpers: build once, temp homes, run the CLI as a child and read its peak RSS.

import {spawn} from 'node:child_process';
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {existsSync, rmSync} from 'node:fs';
import {execFileSync} from 'node:child_process';

export function ensureBuilt(): void {
	if (!existsSync('dist/cli.js') || process.env['BENCH_REBUILD'] !== '0') execFileSync(process.execPath, ['scripts/build.mjs'], {stdio: 'inherit'});
}

const homes: string[] = [];
// Removed when the bench ends: a run of every case made a dozen homes (token caches, run folders of
// thousands of rows) and left them all in the system's temp folder.
process.on('exit', () => {
	for (const home of homes) rmSync(home, {recursive: true, force: true});
});

export async function tempHome(): Promise<NodeJS.ProcessEnv> {
	const home = await mkdtemp(join(tmpdir(), 'tenantdeck-bench-'));
	homes.push(home);
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
