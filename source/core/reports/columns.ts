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

/** Text safe to put on a terminal: one line, no control characters (shown as �). */
export function printable(value: unknown): string {
	return cellText(value).replace(/[\t\n\r]+/g, ' ').replace(controls, '\ufffd');
}
