// Writes a run's rows (rows.jsonl in its run folder) as CSV, JSON, NDJSON, HTML or a text table. It streams:
// one pass finds the columns, a second writes (a third for the text table, which measures widths
// first), so 200,000 rows never sit in memory at once.

import {createReadStream, existsSync} from 'node:fs';
import {createInterface} from 'node:readline';
import type {Writable} from 'node:stream';
import type {Row} from '../core/operation.js';
import {bidiControls, orderColumns, printable} from '../core/reports/columns.js';
import {csvLine, csvRow} from '../core/reports/csv.js';
import {streamingTable} from '../core/reports/table.js';
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
	// The run folder creates rows.jsonl with its first row: a run whose tenants all failed has none.
	if (!existsSync(rowsPath)) return;
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
		const outcomes = format === 'html' ? await readOutcomes(source.outcomesPath) : [];
		// Bad lines are counted on the writing pass only: the measuring pass sees the same lines.
		return writeRows(measuring => readRows(rowsPath, measuring ? undefined : onBadLine), columns, format, out, {title: source.title, outcomes, width});
	}
}

export type WriteOptions = {
	/** The HTML report's title. */
	title?: string;
	/** The HTML report's per-tenant summary. */
	outcomes?: readonly ReportOutcome[];
	/** The text table's width. */
	width?: number;
};

/**
 * Rows, in the order given, with exactly these columns in this order, in any format. `rows` is
 * asked once per pass (the text table measures first, with measuring true), so it may stream.
 */
export async function writeRows(rows: (measuring: boolean) => AsyncIterable<Row> | Iterable<Row>, columns: readonly string[], format: ExportFormat, out: Writable, options: WriteOptions = {}): Promise<number> {
	// A terminal reading CSV would also obey escape sequences hidden in a display name.
	const terminal = (out as {isTTY?: boolean}).isTTY === true;
	let count = 0;
	if (format === 'table') {
		// Two passes (widths, then lines) so 100,000 rows never sit in memory at once.
		const table = streamingTable(columns, options.width);
		for await (const row of rows(true)) table.measure(row);
		await writeChunk(out, table.head());
		for await (const row of rows(false)) {
			await writeChunk(out, table.line(row));
			count++;
		}
		return count;
	}
	if (format === 'csv') await writeChunk(out, csvLine(terminal ? columns.map(column => printable(column)) : columns));
	if (format === 'json') await writeChunk(out, '[');
	if (format === 'html') await writeChunk(out, htmlHead(options.title ?? 'tenantdeck report', new Date().toISOString(), options.outcomes ?? [], columns));
	for await (const row of rows(false)) {
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

/** One line of a run's outcomes file as the HTML report's summary shows it. */
export function reportOutcome(line: Row): ReportOutcome {
	const failure = line['failure'] as unknown as {message?: string; hint?: string} | undefined;
	return {
		tenantName: String(line['tenantName']),
		tenantDomain: String(line['tenantDomain']),
		status: String(line['status']),
		rows: Number(line['rows'] ?? 0),
		failure: failure ? [failure.message, failure.hint].filter(Boolean).join(' ') : undefined,
	};
}

async function readOutcomes(path: string | undefined): Promise<ReportOutcome[]> {
	if (!path) return [];
	const outcomes: ReportOutcome[] = [];
	for await (const line of readRows(path)) outcomes.push(reportOutcome(line));
	return outcomes;
}

// JSON.stringify escapes control characters but not bidirectional overrides; escaping them as
// \\u202e keeps the data identical for a parser and harmless on a screen.
function jsonText(value: unknown): string {
	return JSON.stringify(value).replace(bidiControls, char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function pick(columns: readonly string[], row: Row): Row {
	return Object.fromEntries(columns.map(column => [column, row[column] ?? null]));
}

