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
