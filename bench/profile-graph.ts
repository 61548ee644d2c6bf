// Profiles the CLI's side of the Graph fan-out: builds an unminified bundle into bench/results/dist-prof/, starts
// the sandbox here, and runs `node --cpu-prof bench/results/dist-prof/cli.js run …` (Node 20 refuses --cpu-prof in
// NODE_OPTIONS, so the CLI is spawned directly). Prints self and inclusive time of the busiest
// functions. Not part of `npm run bench`: a tool for finding where the CPU per tenant goes.
import {execFileSync, spawn} from 'node:child_process';
import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {startSandbox} from '../source/sandbox/server.js';
import {tempHome} from './measure.js';

const tenants = Number(process.env['PROFILE_TENANTS'] ?? 1000);
const out = 'bench/results/dist-prof';
// The shipping build (scripts/build.mjs, its patches and vendor script), unminified and beside dist/.
if (process.env['PROFILE_REBUILD'] !== '0') execFileSync(process.execPath, ['scripts/build.mjs'], {stdio: 'inherit', env: {...process.env, TENANTDECK_BUILD_OUT: out, TENANTDECK_BUILD_MINIFY: '0'}});

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{code: number | null; stderr: string}> {
	return new Promise(resolve => {
		const child = spawn(process.execPath, args, {env, stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('close', code => resolve({code, stderr}));
	});
}

const sandbox = await startSandbox({tenants, latencyMs: 50, deviceCodeIntervalSec: 0});
for (const customer of sandbox.context.world.customers) sandbox.context.world.detail(customer);
const env = await tempHome();
const profDir = join(env['HOME']!, 'prof');
try {
	const login = await run([`${out}/cli.js`, 'login', '--sandbox-url', sandbox.url], env);
	if (login.code !== 0) throw new Error(login.stderr);
	const result = await run(['--cpu-prof', `--cpu-prof-dir=${profDir}`, `${out}/cli.js`, 'run', '--sandbox-url', sandbox.url, '--op', 'tenant-info', '--tenants', 'all', '--quiet', '--format', 'csv', '--output', join(env['HOME']!, 'out.csv'), '--concurrency', '16'], env);
	if (result.code !== 0) throw new Error(result.stderr);
} finally {
	await sandbox.stop();
}

type Node = {id: number; callFrame: {functionName: string; url: string; lineNumber: number}; children?: number[]};
const [file] = await readdir(profDir);
const profile = JSON.parse(await readFile(join(profDir, file!), 'utf8')) as {nodes: Node[]; samples: number[]; timeDeltas: number[]};
const self = new Map<number, number>();
profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000));
const byId = new Map(profile.nodes.map(node => [node.id, node]));
const name = (node: Node) => `${node.callFrame.functionName || '(anon)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;
const selfByName = new Map<string, number>();
const inclusive = new Map<string, number>();
function walk(node: Node, stack: Set<string>): number {
	let total = self.get(node.id) ?? 0;
	const key = name(node);
	selfByName.set(key, (selfByName.get(key) ?? 0) + total);
	const seen = stack.has(key);
	stack.add(key);
	for (const child of node.children ?? []) total += walk(byId.get(child)!, stack);
	if (!seen) {
		stack.delete(key);
		inclusive.set(key, (inclusive.get(key) ?? 0) + total);
	}
	return total;
}
const total = walk(profile.nodes[0]!, new Set());
const top = (map: Map<string, number>, count: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([key, ms]) => `${ms.toFixed(0).padStart(6)} ms  ${key}`).join('\n');
console.log(`total ${total.toFixed(0)} ms over ${tenants} tenants\n== self\n${top(selfByName, Number(process.env['PROFILE_TOP'] ?? 45))}\n== inclusive\n${top(inclusive, Number(process.env['PROFILE_TOP'] ?? 90))}`);
console.log(`profile: ${join(profDir, file!)}`);
