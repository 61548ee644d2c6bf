// Turns one Exchange call into rows yielded as PowerShell produces them, so the runner writes each
// to the run folder and the audit log at once instead of when the tenant's script ends. A change the
// script announced (an attempt) but never reported back — the tenant was cut short mid-cmdlet — is
// yielded as 'interrupted' before the failure, because it may have reached the service.

import type {ExchangeCall, ExchangePort, ExchangeRecord} from './ports.js';

export type ExchangeStreamOptions = {
	/** Mailboxes (items) done of total, e.g. for "120/1500" progress. */
	readonly onProgress?: (done: number, total: number) => void;
};

const attemptKey = (row: Record<string, unknown>) => `${String(row['target'] ?? '')}\u0000${String(row['property'] ?? '')}`.toLowerCase();

export async function* exchangeRows(exchange: ExchangePort, call: Omit<ExchangeCall, 'onRecord'>, options: ExchangeStreamOptions = {}): AsyncIterable<Record<string, unknown>> {
	const queue: Array<Record<string, unknown>> = [];
	const open = new Map<string, Record<string, unknown>>();
	let wake: (() => void) | undefined;
	let settled: {error?: unknown} | undefined;
	let streamed = false;
	const onRecord = (record: ExchangeRecord) => {
		if (record.kind === 'progress') {
			options.onProgress?.(record.done, record.total);
			return;
		}
		if (record.kind === 'attempt') open.set(attemptKey(record.row), record.row);
		else {
			streamed = true;
			open.delete(attemptKey(record.row));
			queue.push(record.row);
		}
		wake?.();
	};
	exchange.run({...call, onRecord}).then(
		rows => {
			// A port that does not stream (a test's fake) gives its rows when the call ends.
			if (!streamed) queue.push(...rows);
			settled = {};
		},
		(error: unknown) => (settled = {error}),
	).finally(() => wake?.());

	for (;;) {
		while (queue.length > 0) yield queue.shift()!;
		if (settled) break;
		await new Promise<void>(resolve => (wake = resolve));
		wake = undefined;
	}
	while (queue.length > 0) yield queue.shift()!;
	if (settled.error === undefined) return;
	for (const row of open.values()) {
		yield {...row, result: 'interrupted', note: 'cut short while the change was being made: it may or may not have reached the service'};
	}
	throw settled.error;
}
