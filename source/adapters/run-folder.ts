// A run folder in the user's state folder: run.json (what ran, then how it ended), rows.jsonl
// (every row with its tenant columns, appended as it arrives) and outcomes.jsonl (one per tenant).
// Exports and "retry failed" read from here, so a crash keeps whatever finished.

import {createWriteStream, type WriteStream} from 'node:fs';
import {mkdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {Row} from '../core/operation.js';
import {endStream, writeChunk} from './write-chunk.js';
import type {RunSink, RunSummary, TenantOutcome} from '../core/run-events.js';
import type {Tenant} from '../core/tenant.js';

export type RunFolder = {readonly path: string; readonly rowsPath: string; readonly outcomesPath: string; readonly sink: RunSink};

export async function createRunFolder(root: string, operationId: string, params: Record<string, unknown>, tenants: readonly Tenant[]): Promise<RunFolder> {
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	// Custom operation ids hold a colon, which Windows does not allow in a path.
	const path = join(root, `${stamp}-${operationId.replace(/[^\w-]+/g, '-')}-${process.pid}`);
	await mkdir(path, {recursive: true, mode: 0o700});
	const meta = {operationId, params, tenants: tenants.map(tenantColumns), startedAt: new Date().toISOString()};
	await writeFile(join(path, 'run.json'), JSON.stringify(meta, null, '\t') + '\n');
	const rowsPath = join(path, 'rows.jsonl');
	const rows = serialWriter(createWriteStream(rowsPath, {flags: 'a'}));
	const outcomesPath = join(path, 'outcomes.jsonl');
	const outcomes = serialWriter(createWriteStream(outcomesPath, {flags: 'a'}));

	const sink: RunSink = {
		async writeRows(tenant, batch) {
			const columns = tenantColumns(tenant);
			await rows.write(batch.map(row => JSON.stringify({...columns, ...row}) + '\n').join(''));
		},
		async writeOutcome(outcome: TenantOutcome) {
			await outcomes.write(JSON.stringify({...tenantColumns(outcome.tenant), status: outcome.status, rows: outcome.rows, durationMs: outcome.durationMs, failure: outcome.failure}) + '\n');
		},
		async close(summary: RunSummary) {
			await Promise.all([rows.end(), outcomes.end()]);
			const {outcomes: _omitted, ...totals} = summary;
			await writeFile(join(path, 'run.json'), JSON.stringify({...meta, ...totals, startedAt: new Date(summary.startedAt).toISOString(), finishedAt: new Date(summary.finishedAt).toISOString()}, null, '\t') + '\n');
		},
	};
	return {path, rowsPath, outcomesPath, sink};
}

export function tenantColumns(tenant: Tenant): Row {
	return {tenantId: tenant.tenantId, tenantDomain: tenant.tenantDomain, tenantName: tenant.tenantName};
}

/** Many tenants append at once; one queue per file keeps a single writer waiting for 'drain'. */
function serialWriter(stream: WriteStream) {
	let tail: Promise<void> = Promise.resolve();
	return {
		write(text: string): Promise<void> {
			tail = tail.then(() => writeChunk(stream, text));
			return tail;
		},
		async end(): Promise<void> {
			await tail;
			await endStream(stream);
		},
	};
}
