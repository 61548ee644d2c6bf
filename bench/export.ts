// Exporting 200,000 result rows: a run folder written through the real run-folder sink, then
// exportRows to CSV and to HTML, each in its own child process (bundled as the shipped CLI is) so
// its peak RSS is the export's alone. Goal: peak RSS ≤ 300 MB for each format.

import {spawn} from 'node:child_process';
import {mkdtemp, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {build} from 'esbuild';
import {createRunFolder} from '../source/adapters/run-folder.js';
import type {Row} from '../source/core/operation.js';
import type {TenantOutcome} from '../source/core/run-events.js';
import type {Tenant} from '../source/core/tenant.js';

export type ExportMeasure = {format: string; rows: number; wallMs: number; maxRssMiB: number; bytes: number};

const columns = ['displayName', 'userPrincipalName', 'mail', 'accountEnabled', 'userType', 'licenses', 'passwordNeverExpires', 'jobTitle', 'created', 'id'];

// Runs in the child: loads the bundled exporter, writes one export, reports on fd 3 as it exits.
const childSource = `import {createWriteStream, writeSync} from 'node:fs';
import {pathToFileURL} from 'node:url';
const [bundle, rowsPath, outcomesPath, format, out, columns] = process.argv.slice(2);
const {exportRows} = await import(pathToFileURL(bundle).href);
const started = performance.now();
let rows = 0;
if (format !== 'none') {
	const file = createWriteStream(out);
	rows = await exportRows({rowsPath, outcomesPath, title: 'bench export'}, JSON.parse(columns), format, file);
	await new Promise((done, fail) => file.end(error => (error ? fail(error) : done())));
}
writeSync(3, JSON.stringify({rows, ms: performance.now() - started, maxRssKiB: process.resourceUsage().maxRSS}) + '\\n');
`;

/** Users-list-like rows, with the awkward text real tenants have: quotes, commas, newlines, markup, formulas. */
function syntheticRow(tenant: number, index: number): Row {
	const awkward = index % 97 === 0 ? `=HYPERLINK("http://x","<b>click</b>"), "quoted"\nsecond line ✓` : `Person ${index} of tenant ${tenant}`;
	return {
		displayName: awkward,
		userPrincipalName: `user${index}@customer${tenant}.example.com`,
		mail: index % 5 === 0 ? null : `user${index}@customer${tenant}.example.com`,
		accountEnabled: index % 13 !== 0,
		userType: index % 17 === 0 ? 'Guest' : 'Member',
		licenses: index % 3 === 0 ? 'SPE_E3; POWER_BI_PRO' : 'O365_BUSINESS_PREMIUM',
		passwordNeverExpires: index % 11 === 0,
		jobTitle: index % 7 === 0 ? '' : 'Accounts & Payroll <Team Lead>',
		created: '2024-03-14T09:26:53Z',
		id: `00000000-0000-4000-8000-${String(tenant * 1_000_000 + index).padStart(12, '0')}`,
	};
}

async function writeRunFolder(root: string, rows: number, tenantCount: number): Promise<{rowsPath: string; outcomesPath: string}> {
	const tenants: Tenant[] = Array.from({length: tenantCount}, (_, index) => ({
		tenantId: `10000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
		tenantDomain: `customer${index}.example.com`,
		tenantName: `Customer ${index} Pty Ltd`,
		source: 'gdap',
	}));
	const folder = await createRunFolder(root, 'users-list', {}, tenants);
	const perTenant = Math.ceil(rows / tenantCount);
	const outcomes: TenantOutcome[] = [];
	let written = 0;
	for (const [number, tenant] of tenants.entries()) {
		const count = Math.min(perTenant, rows - written);
		// The runner hands the sink batches of 200.
		for (let start = 0; start < count; start += 200) {
			await folder.sink.writeRows(tenant, Array.from({length: Math.min(200, count - start)}, (_, offset) => syntheticRow(number, written + start + offset)));
		}
		written += count;
		const outcome: TenantOutcome = number === 3
			? {tenant, status: 'failed', rows: count, durationMs: 900, failure: {kind: 'forbidden', message: 'No permission in this tenant.', hint: 'Ask for a GDAP role.'}}
			: {tenant, status: 'succeeded', rows: count, durationMs: 400};
		outcomes.push(outcome);
		await folder.sink.writeOutcome(outcome);
	}
	const failed = outcomes.filter(outcome => outcome.status === 'failed').length;
	await folder.sink.close({operationId: 'users-list', params: {}, startedAt: Date.now(), finishedAt: Date.now(), outcomes, succeeded: outcomes.length - failed, failed, cancelled: 0, rows: written});
	return folder;
}

function measureChild(args: string[]): Promise<{rows: number; ms: number; maxRssMiB: number}> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(process.execPath, args, {stdio: ['ignore', 'inherit', 'inherit', 'pipe']});
		let report = '';
		(child.stdio[3] as NodeJS.ReadableStream).on('data', chunk => (report += chunk));
		child.on('error', reject);
		child.on('close', code => {
			if (code !== 0 || !report) return reject(new Error(`export child exited with ${code}`));
			const parsed = JSON.parse(report) as {rows: number; ms: number; maxRssKiB: number};
			resolvePromise({rows: parsed.rows, ms: parsed.ms, maxRssMiB: parsed.maxRssKiB / 1024});
		});
	});
}

export async function benchExport(options: {rows?: number; tenants?: number} = {}): Promise<ExportMeasure[]> {
	const rows = options.rows ?? 200_000;
	const home = await mkdtemp(join(tmpdir(), 'tenantdeck-bench-export-'));
	try {
		const bundle = join(home, 'exporter.mjs');
		await build({entryPoints: [resolve(import.meta.dirname, '../source/adapters/exporter.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20', minify: true, logLevel: 'warning'});
		const child = join(home, 'export-child.mjs');
		await writeFile(child, childSource);
		const writing = performance.now();
		const folder = await writeRunFolder(join(home, 'runs'), rows, options.tenants ?? 200);
		const rowsBytes = (await stat(folder.rowsPath)).size;
		console.log(`export: wrote ${rows.toLocaleString('en')} rows (${(rowsBytes / 1024 / 1024).toFixed(0)} MB of rows.jsonl) in ${((performance.now() - writing) / 1000).toFixed(1)} s`);

		const results: ExportMeasure[] = [];
		for (const format of ['none', 'csv', 'html', 'table']) {
			const out = join(home, `export.${format}`);
			const measured = await measureChild([child, bundle, folder.rowsPath, folder.outcomesPath, format, out, JSON.stringify(columns)]);
			const bytes = format === 'none' ? 0 : (await stat(out)).size;
			if (format !== 'none' && measured.rows !== rows) throw new Error(`${format}: exported ${measured.rows} rows, expected ${rows}`);
			results.push({format, rows: measured.rows, wallMs: measured.ms, maxRssMiB: measured.maxRssMiB, bytes});
			console.log(format === 'none'
				? `export: baseline (node + bundled exporter, no export): peak RSS ${measured.maxRssMiB.toFixed(0)} MB`
				: `export: ${format.toUpperCase().padEnd(4)} ${rows.toLocaleString('en')} rows → ${(bytes / 1024 / 1024).toFixed(0)} MB in ${(measured.ms / 1000).toFixed(1)} s; peak RSS ${measured.maxRssMiB.toFixed(0)} MB (goal ≤ ${format === 'table' ? 250 : 300})${measured.maxRssMiB <= (format === 'table' ? 250 : 300) ? '' : ' — OVER'}`);
		}
		return results;
	} finally {
		await rm(home, {recursive: true, force: true});
	}
}

if (import.meta.url === `file://${process.argv[1]}`) await benchExport();
