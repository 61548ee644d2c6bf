// A plain text table for a terminal: columns fit the width (in terminal columns, so CJK names and
// emoji line up), long cells end in an ellipsis.

import type {Row} from '../operation.js';
import {printable} from './columns.js';
import {displayWidth, fitEnd} from './text-width.js';

export function textTable(columns: readonly string[], rows: readonly Row[], width = 160): string {
	const header = columns.map(column => printable(column));
	const cells = rows.map(row => columns.map(column => printable(row[column])));
	const natural = header.map((column, index) => Math.max(displayWidth(column), ...cells.map(line => displayWidth(line[index]!))));
	const widths = fitWidths(natural, width - (columns.length - 1) * 2);
	const format = (values: readonly string[]) => values.map((value, index) => fitEnd(value, widths[index]!)).join('  ').trimEnd();
	return [format(header), format(widths.map(size => '─'.repeat(size))), ...cells.map(format)].join('\n') + '\n';
}

/** Shrinks the widest columns first until the total fits, never below 4 characters. */
export function fitWidths(natural: readonly number[], available: number): number[] {
	const widths = [...natural];
	let total = widths.reduce((sum, size) => sum + size, 0);
	while (total > available) {
		const widest = widths.indexOf(Math.max(...widths));
		if (widths[widest]! <= 4) break;
		widths[widest]!--;
		total--;
	}
	return widths;
}

/**
 * The text table for rows that do not fit in memory at once: measure every row first (`measure`),
 * then format each row as it streams past. Same layout as textTable, in terminal columns.
 */
export function streamingTable(columns: readonly string[], width = 160) {
	const header = columns.map(column => printable(column));
	const natural = header.map(column => displayWidth(column));
	let widths: number[] | undefined;
	const format = (values: readonly string[]) => values.map((value, index) => fitEnd(value, widths![index]!)).join('  ').trimEnd();
	return {
		/** First pass: every row, to find each column's natural width. */
		measure(row: Row): void {
			for (const [index, column] of columns.entries()) natural[index] = Math.max(natural[index]!, displayWidth(printable(row[column])));
		},
		/** After measuring: the header and its rule. */
		head(): string {
			widths = fitWidths(natural, width - (columns.length - 1) * 2);
			return `${format(header)}\n${format(widths.map(size => '─'.repeat(size)))}\n`;
		},
		/** Second pass: one row's line. */
		line(row: Row): string {
			return `${format(columns.map(column => printable(row[column])))}\n`;
		},
	};
}
