// Graph fan-out over 1,000 sandbox tenants at 50 ms per request: how close the run comes to the
// ideal for its concurrency (goal ≥ 0.9) and the peak RSS of the tenantdeck process (≤ 250 MB).

import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {sandboxFolders} from '../source/adapters/paths.js';
import {startSandbox} from '../source/sandbox/server.js';
import {ensureBuilt, ratioAgainst, runCli, tempHome} from './measure.js';

export async function benchGraphFanout(options: {tenants?: number; latencyMs?: number; concurrency?: number} = {}): Promise<{ratio: number; maxRssMiB: number}> {
	const tenants = options.tenants ?? 1000;
	const latencyMs = options.latencyMs ?? 50;
	const concurrency = options.concurrency ?? 16;
	ensureBuilt();
	const sandbox = await startSandbox({tenants, latencyMs, deviceCodeIntervalSec: 0});
	// The simulated cloud builds each tenant's directory on first use; a real one already has it, so
	// build them all first rather than bill that work to the run being measured.
	for (const customer of sandbox.context.world.customers) sandbox.context.world.detail(customer);
	try {
		const env = await tempHome();
		const login = await runCli(['login', '--sandbox-url', sandbox.url], env);
		if (login.code !== 0) throw new Error(`login failed: ${login.stderr}`);
		const sandboxCpu = process.cpuUsage();
		const result = await runCli(['run', '--sandbox-url', sandbox.url, '--op', 'tenant-info', '--tenants', 'all', '--quiet', '--format', 'csv', '--output', join(env['HOME']!, 'out.csv'), '--concurrency', String(concurrency)], env);
		const {user, system} = process.cpuUsage(sandboxCpu);
		if (result.code !== 0) throw new Error(`run failed (${result.code}): ${result.stderr}`);
		// Practice runs live in the sandbox's own folders, apart from the real profile.
		const runs = join(sandboxFolders(env).state, 'runs');
		const [folder] = await readdir(runs);
		const meta = JSON.parse(await readFile(join(runs, folder!, 'run.json'), 'utf8')) as {startedAt: string; finishedAt: string; succeeded: number};
		const actualMs = Date.parse(meta.finishedAt) - Date.parse(meta.startedAt);
		// tenant-info makes one Graph request per tenant.
		const idealMs = Math.ceil(tenants / concurrency) * latencyMs;
		const ratio = idealMs / actualMs;
		console.log(`graph fan-out: ${meta.succeeded}/${tenants} tenants, concurrency ${concurrency}, ${latencyMs} ms latency: ${actualMs} ms vs ideal ${idealMs} ms → ${ratioAgainst(ratio, 0.9)}; peak RSS ${result.maxRssMiB.toFixed(0)} MB (goal ≤ 250); tenantdeck CPU ${(result.cpuMs / tenants).toFixed(1)} ms per tenant${result.mainThreadCpuMs === undefined ? '' : `, ${(result.mainThreadCpuMs / tenants).toFixed(1)} of it on the main thread`} (steadier than the ratio on a busy machine); the sandbox's CPU ${((user + system) / 1000 / tenants).toFixed(1)} ms per tenant on the same 2 cores`);
		return {ratio, maxRssMiB: result.maxRssMiB};
	} finally {
		await sandbox.stop();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) await benchGraphFanout();
