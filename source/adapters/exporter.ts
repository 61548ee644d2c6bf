// Writes a run's rows (rows.jsonl in its run folder) as CSV, JSON, NDJSON, HTML or a text table. It streams:
// one pass finds the columns, a second writes, so 200,000 rows never sit in memory at once
// (except for the text table, which is for screens and needs every width).

import {createReadStream} from 'node:fs';
import {access} from 'node:fs/promises';
import {createInterface} from 'node:readline';
import type {Writable} from 'node:stream';
import type {Row} from '../core/operation.js';
import {orderColumns, printable} from '../core/reports/columns.js';
import {csvLine, csvRow} from '../core/reports/csv.js';
import {textTable} from '../core/reports/table.js';
import {writeChunk} from './write-chunk.js';
import {z} from 'zod';
import {checkJson} from './json-file.js';
import {htmlFoot, htmlHead, htmlRow, type ReportOutcome} from '../core/reports/html.js';

export type ExportFormat = 'table' | 'json' | 'ndjson' | 'csv' | 'html';
export const exportFormats: readonly ExportFormat[] = ['table', 'json', 'ndjson', 'csv', 'html'];

/** A run as exporters see it: its rows file, and for HTML its outcomes and a title. */
export type ExportSource = {
	rowsPath: string;
	outcomesPath?: string;
	title?: string;
	/** Told once, after the export, how many unreadable lines were skipped (a line torn by a full disk). */
	onSkipped?: (text: string) => void;
};

const rowSchema = z.record(z.string(), z.unknown());

/**
 * The rows of a run folder's file, each checked to be a JSON object. A line that is not (cut
 * short by a full disk, edited by hand) is skipped and counted through onBadLine, so one torn line
 * never loses the rest of the run.
 */
export async function* readRows(rowsPath: string, onBadLine?: (line: number, problem: string) => void): AsyncIterable<Row> {
	// The writer opens the file with the first row: a run where every tenant failed has none.
	if (!(await exists(rowsPath))) return;
	const lines = createInterface({input: createReadStream(rowsPath), crlfDelay: Infinity});
	let number = 0;
	for await (const line of lines) {
		number++;
		if (!line) continue;
		const {value, problem} = checkJson(line, rowSchema, `${rowsPath}:${number}`);
		if (value) yield value as Row;
		else onBadLine?.(number, problem!);
	}
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
	let skipped = 0;
	let firstProblem = '';
	const onBadLine = (_line: number, problem: string) => {
		if (skipped++ === 0) firstProblem = problem;
	};
	try {
		return await exportEach();
	} finally {
		// Counted on the writing pass only: the column pass sees the same lines.
		if (skipped > 0) source.onSkipped?.(`Skipped ${skipped} unreadable line${skipped === 1 ? '' : 's'} of ${rowsPath} (first: ${firstProblem})`);
	}

	async function exportEach(): Promise<number> {
		const columns = await columnsOf(rowsPath, declared);
		// A terminal reading CSV would also obey escape sequences hidden in a display name.
		const terminal = (out as {isTTY?: boolean}).isTTY === true;
		let count = 0;
		if (format === 'table') {
			const rows: Row[] = [];
			for await (const row of readRows(rowsPath, onBadLine)) rows.push(row);
			await writeChunk(out, textTable(columns, rows, width));
			return rows.length;
		}
		if (format === 'csv') await writeChunk(out, csvLine(terminal ? columns.map(column => printable(column)) : columns));
		if (format === 'json') await writeChunk(out, '[');
		if (format === 'html') await writeChunk(out, htmlHead(source.title ?? 'tenantdeck report', new Date().toISOString(), await readOutcomes(source.outcomesPath), columns));
		for await (const row of readRows(rowsPath, onBadLine)) {
			if (format === 'csv') await writeChunk(out, csvRow(columns, row, terminal));
			else if (format === 'html') await writeChunk(out, htmlRow(columns, row));
			else if (format === 'ndjson') await writeChunk(out, jsonText(pick(columns, row)) + '\n');
			else await writeChunk(out, `${count === 0 ? '\n' : ',\n'}${jsonText(pick(columns, row))}`);
			count++;
		}
		if (format === 'json') await writeChunk(out, count === 0 ? ']\n' : '\n]\n');
		if (format === 'html') await writeChunk(out, htmlFoot());
		return count;
	}
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

// JSON.stringify escapes control characters but not bidirectional overrides; escaping them as
// \\u202e keeps the data identical for a parser and harmless on a screen.
function jsonText(value: unknown): string {
	return JSON.stringify(value).replace(/[\u202a-\u202e\u2066-\u2069]/g, char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function pick(columns: readonly string[], row: Row): Row {
	return Object.fromEntries(columns.map(column => [column, row[column] ?? null]));
}

async function exists(path: string): Promise<boolean> {
	try {
		await access(path);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
		throw error;
	}
}
