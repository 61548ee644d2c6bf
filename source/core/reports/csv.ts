// RFC 4180 CSV. Text cells that a spreadsheet would run as a formula (= + - @, tab, CR at the
// start) are prefixed with a quote, because a display name is attacker-controlled text. Numbers
// stay numbers: -5 (an over-assigned licence) must sort and sum as -5, not as the text '-5.

import type {Row} from '../operation.js';
import {cellText, printable} from './columns.js';

// "-5" as text is a number to a spreadsheet, not a formula: left as it is.
const plainNumber = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;

export function csvCell(value: unknown): string {
	let text = cellText(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !plainNumber.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
	return values.map(csvCell).join(',') + '\r\n';
}

/** `terminal`: the CSV goes to a screen, so each cell also passes the terminal-safe filter. */
export function csvRow(columns: readonly string[], row: Row, terminal = false): string {
	return csvLine(columns.map(column => (terminal && typeof row[column] === 'string' ? printable(row[column]) : row[column])));
}
