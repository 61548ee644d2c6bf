// Writes a run's rows (rows.jsonl in its run folder) as CSV, JSON, NDJSON, HTML or a text table. It streams:
// one pass finds the columns, a second writes (a third for the text table, which measures widths
// first), so 200,000 rows never sit in memory at once.

import {createReadStream} from 'node:fs';
import {createInterface} from 'node:readline';
import type {Writable} from 'node:stream';
import type {Row} from '../core/operation.js';
import {orderColumns} from '../core/reports/columns.js';
import {csvLine, csvRow} from '../core/reports/csv.js';
import {streamingTable} from '../core/reports/table.js';
import {writeChunk} from './write-chunk.js';
import {htmlFoot, htmlHead, htmlRow, type ReportOutcome} from '../core/reports/html.js';

export type ExportFormat = 'table' | 'json' | 'ndjson' | 'csv' | 'html';
export const exportFormats: readonly ExportFormat[] = ['table', 'json', 'ndjson', 'csv', 'html'];

/** A run as exporters see it: its rows file, and for HTML its outcomes and a title. */
export type ExportSource = {rowsPath: string; outcomesPath?: string; title?: string};

export async function* readRows(rowsPath: string): AsyncIterable<Row> {
	const lines = createInterface({input: createReadStream(rowsPath), crlfDelay: Infinity});
	for await (const line of lines) if (line) yield JSON.parse(line) as Row;
}

export async function columnsOf(rowsPath: string, declared: readonly string[]): Promise<string[]> {
	const keys: Row[] = [];
	const seen = new Set<string>();
	for await (const row of readRows(rowsPath)) {
		const fresh = Object.keys(row).filter(key => !seen.has(key));
		if (fresh.length === 0) continue;
		for (const key of fresh) seen.add(key);
		keys.push(row);
	}
	return orderColumns(declared, keys);
}

export async function exportRows(source: ExportSource, declared: readonly string[], format: ExportFormat, out: Writable, width?: number): Promise<number> {
	const {rowsPath} = source;
	const columns = await columnsOf(rowsPath, declared);
	let count = 0;
	if (format === 'table') {
		// Two passes over the file (widths, then lines) so 100,000 rows never sit in memory at once.
		const table = streamingTable(columns, width);
		for await (const row of readRows(rowsPath)) table.measure(row);
		await writeChunk(out, table.head());
		for await (const row of readRows(rowsPath)) {
			await writeChunk(out, table.line(row));
			count++;
		}
		return count;
	}
	if (format === 'csv') await writeChunk(out, csvLine(columns));
	if (format === 'json') await writeChunk(out, '[');
	if (format === 'html') await writeChunk(out, htmlHead(source.title ?? 'tenantdeck report', new Date().toISOString(), await readOutcomes(source.outcomesPath), columns));
	for await (const row of readRows(rowsPath)) {
		if (format === 'csv') await writeChunk(out, csvRow(columns, row));
		else if (format === 'html') await writeChunk(out, htmlRow(columns, row));
		else if (format === 'ndjson') await writeChunk(out, JSON.stringify(pick(columns, row)) + '\n');
		else await writeChunk(out, `${count === 0 ? '\n' : ',\n'}${JSON.stringify(pick(columns, row))}`);
		count++;
	}
	if (format === 'json') await writeChunk(out, count === 0 ? ']\n' : '\n]\n');
	if (format === 'html') await writeChunk(out, htmlFoot());
	return count;
}

async function readOutcomes(path: string | undefined): Promise<ReportOutcome[]> {
	if (!path) return [];
	const outcomes: ReportOutcome[] = [];
	for await (const line of readRows(path)) {
		const failure = line['failure'] as unknown as {message?: string; hint?: string} | undefined;
		outcomes.push({
			tenantName: String(line['tenantName']),
			tenantDomain: String(line['tenantDomain']),
			status: String(line['status']),
			rows: Number(line['rows'] ?? 0),
			failure: failure ? [failure.message, failure.hint].filter(Boolean).join(' ') : undefined,
		});
	}
	return outcomes;
}

function pick(columns: readonly string[], row: Row): Row {
	return Object.fromEntries(columns.map(column => [column, row[column] ?? null]));
}
