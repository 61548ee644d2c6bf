// Exports what the console's results view shows to one file: its rows in the order shown, its
// columns in the order shown (then the tenant columns it hides, then any column only rows beyond
// the view carry). The HTML report's summary takes each tenant's latest outcome, so a tenant that
// failed and then succeeded on retry is reported once, as succeeded.

import {createWriteStream} from 'node:fs';
import {rm} from 'node:fs/promises';
import {dirname} from 'node:path';
import type {Row} from '../core/operation.js';
import type {ReportOutcome} from '../core/reports/html.js';
import {readRows, reportOutcome, writeRows, type ExportFormat} from './exporter.js';
import type {RunFiles} from './latest-rows.js';
import {endStream, watch} from './write-chunk.js';
import {ensureFolder, isStorageError, storageError} from './storage-error.js';

/** The formats the console offers (headless adds ndjson). */
export type ConsoleExportFormat = Extract<ExportFormat, 'csv' | 'json' | 'html' | 'table'>;

export type ViewExport = {
	/** The run and its retries, newest last: the HTML report's outcomes come from them. */
	readonly runs: readonly RunFiles[];
	/** Column order, as shown. */
	readonly columns: readonly string[];
	/** The rows in the order shown; asked once per pass, so it may stream from disk. */
	readonly rows: () => AsyncIterable<Row> | Iterable<Row>;
	readonly format: ConsoleExportFormat;
	readonly path: string;
	readonly title: string;
	/** The HTML summary covers this tenant alone (an export of one tenant's rows). */
	readonly tenantId?: string;
};

export async function exportViewToFile(request: ViewExport): Promise<number> {
	const {path} = request;
	await ensureFolder(dirname(path));
	// Listened to from the start: the file opens while the rows are read back, and a file that cannot
	// be opened (a read-only disk, a folder of that name) would otherwise be an uncaught error.
	const out = watch(createWriteStream(path, {mode: 0o600}));
	try {
		const columns = await withLaterColumns(request.columns, request.rows());
		const outcomes = request.format === 'html' ? await latestOutcomes(request.runs, request.tenantId) : [];
		const count = await writeRows(() => request.rows(), columns, request.format, out, {title: request.title, outcomes});
		await endStream(out);
		return count;
	} catch (error) {
		out.destroy();
		await rm(path, {force: true}).catch(() => {});
		// A full or read-only disk is named with the file, not shown as a raw ENOSPC.
		throw isStorageError(error) ? storageError(error as Error, path) : error;
	}
}

/** The columns given, then any other a row carries, in the order first seen. */
async function withLaterColumns(columns: readonly string[], rows: AsyncIterable<Row> | Iterable<Row>): Promise<string[]> {
	const all = [...columns];
	const seen = new Set(columns);
	for await (const row of rows) {
		for (const key of Object.keys(row)) {
			if (seen.has(key)) continue;
			seen.add(key);
			all.push(key);
		}
	}
	return all;
}

async function latestOutcomes(runs: readonly RunFiles[], tenantId: string | undefined): Promise<ReportOutcome[]> {
	const latest = new Map<unknown, Row>();
	for (const run of runs) {
		if (!run.outcomesPath) continue;
		for await (const outcome of readRows(run.outcomesPath)) {
			if (tenantId === undefined || outcome['tenantId'] === tenantId) latest.set(outcome['tenantId'], outcome);
		}
	}
	return [...latest.values()].map(reportOutcome);
}
