// Exports the rows of a run and its retries to one file: each tenant's rows from its latest
// attempt, so a tenant that failed and then succeeded on retry appears once.

import {createWriteStream} from 'node:fs';
import {rm} from 'node:fs/promises';
import {dirname} from 'node:path';
import type {Row} from '../core/operation.js';
import {exportRows, readRows, type ExportFormat} from './exporter.js';
import {latestRows, type RunFiles} from './latest-rows.js';
import {endStream, writeChunk} from './write-chunk.js';
import {ensureFolder, isStorageError, storageError} from './storage-error.js';

/** The formats the console offers (headless adds table and ndjson). */
export type ConsoleExportFormat = Extract<ExportFormat, 'csv' | 'json' | 'html'>;

/** One export file from one or more runs' folders (a retry writes a second run folder). */
export async function exportRunsToFile(runs: readonly RunFiles[], columns: readonly string[], format: ConsoleExportFormat, path: string, title: string): Promise<number> {
	await ensureFolder(dirname(path));
	// A full or read-only disk is named with its folder, not shown as a raw ENOSPC.
	return exportJoined().catch(async error => {
		await rm(path, {force: true}).catch(() => {});
		throw isStorageError(error) ? storageError(error, dirname(path)) : error;
	});
	async function exportJoined(): Promise<number> {
		let source = {...runs[0]!, title};
		if (runs.length > 1) {
			// exportRows reads one run; join the runs' files next to the export first. A tenant's
			// latest outcome wins, because a retry replaces its failure.
			source = {rowsPath: `${path}.rows.tmp`, outcomesPath: `${path}.outcomes.tmp`, title};
			const joinLines = async (rows: AsyncIterable<Row> | Iterable<Row>, target: string) => {
				const out = createWriteStream(target, {mode: 0o600});
				for await (const row of rows) await writeChunk(out, JSON.stringify(row) + '\n');
				await endStream(out);
			};
			await joinLines(latestRows(runs, readRows), source.rowsPath);
			const latest = new Map<unknown, Row>();
			for (const run of runs) for await (const outcome of readRows(run.outcomesPath)) latest.set(outcome['tenantId'], outcome);
			await joinLines(latest.values(), source.outcomesPath);
		}
		const out = createWriteStream(path, {mode: 0o600});
		try {
			const count = await exportRows(source, columns, format, out);
			await endStream(out);
			return count;
		} catch (error) {
			out.destroy();
			throw error;
		} finally {
			if (runs.length > 1) await Promise.all([rm(source.rowsPath, {force: true}), rm(source.outcomesPath, {force: true})]);
		}
	}
}
