// A/B of the CLI's CPU per tenant in the Graph fan-out: bundles built side by side (e.g. `cp -r dist
// bench/results/dist-a` before a change), run alternately against one sandbox so machine load falls
// on both alike. Usage: node --import=tsx bench/ab-graph.ts bench/results/dist-a dist [rounds]
import {spawn} from 'node:child_process';
import {join} from 'node:path';
import {startSandbox} from '../source/sandbox/server.js';
import {median, tempHome} from './measure.js';

const [first, second, roundsText] = process.argv.slice(2);
const builds = [first!, second!];
const rounds = Number(roundsText ?? 5);
const tenants = 1000;

function run(build: string, args: string[], env: NodeJS.ProcessEnv): Promise<{code: number | null; stderr: string; cpuMs: number; mainThreadCpuMs: number}> {
	return new Promise(resolve => {
		const child = spawn(process.execPath, ['bench/rss-child.mjs', join(build, 'cli.js'), ...args], {env, stdio: ['ignore', 'ignore', 'pipe', 'pipe']});
		let stderr = '';
		let usage = '';
		child.stderr!.on('data', chunk => (stderr += chunk));
		(child.stdio[3] as NodeJS.ReadableStream).on('data', chunk => (usage += chunk));
		child.on('close', code => {
			const parsed = usage ? (JSON.parse(usage) as {cpuMs: number; mainThreadCpuMs?: number}) : {cpuMs: 0};
			resolve({code, stderr, cpuMs: parsed.cpuMs, mainThreadCpuMs: parsed.mainThreadCpuMs ?? 0});
		});
	});
}

const sandbox = await startSandbox({tenants, latencyMs: 50, deviceCodeIntervalSec: 0});
for (const customer of sandbox.context.world.customers) sandbox.context.world.detail(customer);
const cpu: number[][] = [[], []];
const main: number[][] = [[], []];
try {
	for (let round = 0; round < rounds; round++) {
		for (const [index, build] of builds.entries()) {
			const env = await tempHome();
			const login = await run(build, ['login', '--sandbox-url', sandbox.url], env);
			if (login.code !== 0) throw new Error(login.stderr);
			const result = await run(build, ['run', '--sandbox-url', sandbox.url, '--op', 'tenant-info', '--tenants', 'all', '--quiet', '--format', 'csv', '--output', join(env['HOME']!, 'out.csv'), '--concurrency', '16'], env);
			if (result.code !== 0) throw new Error(result.stderr);
			cpu[index]!.push(result.cpuMs / tenants);
			main[index]!.push(result.mainThreadCpuMs / tenants);
		}
	}
} finally {
	await sandbox.stop();
}
for (const [index, build] of builds.entries()) console.log(`${build}: CPU per tenant median ${median(cpu[index]!).toFixed(2)} ms (${cpu[index]!.map(ms => ms.toFixed(2)).join(' ')}), main thread ${median(main[index]!).toFixed(2)} ms (${main[index]!.map(ms => ms.toFixed(2)).join(' ')})`);
