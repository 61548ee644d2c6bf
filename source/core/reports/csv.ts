// RFC 4180 CSV. Cells that a spreadsheet would run as a formula (= + - @, tab, CR) are prefixed
// with a quote, because a display name is attacker-controlled text.

import type {Row} from '../operation.js';
import {cellText} from './columns.js';

export function csvCell(value: unknown): string {
	let text = cellText(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
	return values.map(csvCell).join(',') + '\r\n';
}

export function csvRow(columns: readonly string[], row: Row): string {
	return csvLine(columns.map(column => row[column]));
}
