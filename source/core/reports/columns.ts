// Column order for exports and tables: tenant columns first, then the operation's own, then any
// extra a row happened to carry, in the order first seen.

import type {Row} from '../operation.js';

export const tenantColumnNames = ['tenantId', 'tenantDomain', 'tenantName'] as const;

export function orderColumns(declared: readonly string[], rows: Iterable<Row>): string[] {
	const seen = new Set<string>([...tenantColumnNames, ...declared]);
	const extra: string[] = [];
	for (const row of rows) {
		for (const key of Object.keys(row)) {
			if (!seen.has(key)) {
				seen.add(key);
				extra.push(key);
			}
		}
	}
	return [...tenantColumnNames, ...declared, ...extra];
}

export function cellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return JSON.stringify(value);
}

// C0 and C1 control characters (escape sequences among them) could redraw or retitle a terminal.
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Bidirectional embeddings, overrides and isolates reorder what follows them on screen, so a
// name could show "gpj.exe" for "exe.jpg" (Trojan Source); they are dropped.
export const bidiControls = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * The one filter for text put on a terminal (tables, names, CSV to a TTY, custom-operation headers):
 * one line, no control characters (shown as �), no bidirectional overrides.
 */
export function printable(value: unknown): string {
	return cellText(value).replace(/[\t\n\r]+/g, ' ').replace(controls, '\ufffd').replace(bidiControls, '');
}

/** Like printable, for text of several lines: keeps line breaks and tabs, filters everything else. */
export function printableLines(text: string): string {
	return text.split(/\r?\n/).map(line => line.split('\t').map(part => printable(part)).join('\t')).join('\n');
}
