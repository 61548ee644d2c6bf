// Headless `--format table` over 5,000 sandbox tenants × users-list (about 112,000 rows): the
// text table is measured in a second pass over the run folder, never held in memory, so the
// tenantdeck process stays within 250 MB. Prints rows, wall time, CPU and peak RSS.

import {stat} from 'node:fs/promises';
import {join} from 'node:path';
import {startSandbox} from '../source/sandbox/server.js';
import {ensureBuilt, runCli, tempHome} from './measure.js';

export async function benchHeadlessTable(options: {tenants?: number} = {}): Promise<{maxRssMiB: number; rows: number}> {
	const tenants = options.tenants ?? 5000;
	ensureBuilt();
	const sandbox = await startSandbox({tenants, latencyMs: 0, deviceCodeIntervalSec: 0});
	try {
		const env = await tempHome();
		const login = await runCli(['login', '--sandbox-url', sandbox.url], env);
		if (login.code !== 0) throw new Error(`login failed: ${login.stderr}`);
		const out = join(env['HOME']!, 'users.txt');
		const result = await runCli(['run', '--sandbox-url', sandbox.url, '--op', 'users-list', '--tenants', 'all', '--quiet', '--format', 'table', '--output', out, '--concurrency', '16'], env);
		if (result.code !== 0) throw new Error(`run failed (${result.code}): ${result.stderr}`);
		const {size} = await stat(out);
		// Header and rule line, then one line per row.
		const {readFile} = await import('node:fs/promises');
		const rows = (await readFile(out, 'utf8')).split('\n').length - 3;
		console.log(`headless table: ${tenants.toLocaleString('en')} tenants × users-list → ${rows.toLocaleString('en')} rows, ${(size / 1024 / 1024).toFixed(0)} MB in ${(result.wallMs / 1000).toFixed(1)} s (CPU ${(result.cpuMs / 1000).toFixed(1)} s); peak RSS ${result.maxRssMiB.toFixed(0)} MB (goal ≤ 250)${result.maxRssMiB <= 250 ? '' : ' — OVER'}`);
		return {maxRssMiB: result.maxRssMiB, rows};
	} finally {
		await sandbox.stop();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) await benchHeadlessTable({tenants: Number(process.argv[2] ?? 5000)});
