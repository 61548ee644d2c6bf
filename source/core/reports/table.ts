// A plain text table for a terminal: columns fit the width, long cells end in an ellipsis.

import type {Row} from '../operation.js';
import {printable} from './columns.js';

export function textTable(columns: readonly string[], rows: readonly Row[], width = 160): string {
	const cells = rows.map(row => columns.map(column => printable(row[column])));
	const natural = columns.map((column, index) => Math.max(column.length, ...cells.map(line => line[index]!.length)));
	const widths = fitWidths(natural, width - (columns.length - 1) * 2);
	const format = (values: readonly string[]) => values.map((value, index) => clip(value, widths[index]!).padEnd(widths[index]!)).join('  ').trimEnd();
	return [format(columns), format(widths.map(size => '─'.repeat(size))), ...cells.map(format)].join('\n') + '\n';
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

export function clip(text: string, size: number): string {
	return text.length <= size ? text : `${text.slice(0, Math.max(0, size - 1))}…`;
}
