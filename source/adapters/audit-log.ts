// The audit log: append-only JSON lines in the state folder. A run writes one "run" line first
// (who, which operation, its parameters, and the run folder that holds all of them), then one
// "change" line per change: the tenant, the change's own target and property, before, after and
// outcome. Every line stays under 4 KB, so 7,563 changes are a few MB, not a GB of repeated params.

import {appendFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import type {TenantdeckError} from '../core/errors.js';
import type {AuditPort} from '../core/ports.js';
import {ensureFolder, storageError} from './storage-error.js';

export const maxAuditLineBytes = 4096;
const maxValueChars = 600;

export function auditLogPath(stateFolder: string): string {
	return join(stateFolder, 'audit.jsonl');
}

export type AuditLogOptions = {
	/** The run folder, whose run.json keeps the full parameters. */
	readonly runFolder?: string;
	readonly now?: () => Date;
	/** Called once, on the first line the disk refused. */
	readonly onStorageFailure?: (error: TenantdeckError) => void;
};

export function createAuditLog(path: string, operator: string, options: AuditLogOptions = {}): AuditPort {
	const now = options.now ?? (() => new Date());
	const runId = `${now().toISOString()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	let header: Promise<void> | undefined;
	let failed = false;
	// One appendFile per line: O_APPEND keeps lines whole even with two tenantdeck processes.
	const append = async (entry: Record<string, unknown>) => {
		try {
			await appendFile(path, boundedLine(entry), {mode: 0o600});
		} catch (error) {
			const typed = storageError(error, dirname(path));
			if (!failed) options.onStorageFailure?.(typed);
			failed = true;
			throw typed;
		}
	};
	return {
		async record({tenant, operationId, params, row}) {
			header ??= (async () => {
				await ensureFolder(dirname(path)).catch(error => {
					options.onStorageFailure?.(error as TenantdeckError);
					failed = true;
					throw error;
				});
				await append({type: 'run', run: runId, time: now().toISOString(), operator, operation: operationId, params, runFolder: options.runFolder});
			})();
			await header;
			await append({
				type: 'change',
				run: runId,
				time: now().toISOString(),
				operator,
				operation: operationId,
				tenantId: tenant.tenantId,
				tenantDomain: tenant.tenantDomain,
				tenantName: tenant.tenantName,
				target: row['target'],
				property: row['property'],
				before: row['before'],
				after: row['after'],
				outcome: row['result'],
			});
		},
	};
}

/** One JSON line of at most maxAuditLineBytes: long values are cut (and say so), never the line. */
export function boundedLine(entry: Record<string, unknown>): string {
	let limit = maxValueChars;
	for (;;) {
		const line = JSON.stringify(entry, (key, value: unknown) => (key === '' ? value : cutValue(value, limit))) + '\n';
		if (Buffer.byteLength(line) <= maxAuditLineBytes || limit <= 16) return line;
		limit = Math.floor(limit / 2);
	}
}

function cutValue(value: unknown, limit: number): unknown {
	if (typeof value === 'string') return cutText(value, limit);
	if (value && typeof value === 'object') {
		const text = JSON.stringify(value);
		// A long list or object is kept as a cut JSON text rather than thousands of keys.
		if (text.length > limit) return cutText(text, limit);
	}
	return value;
}

function cutText(text: string, limit: number): string {
	if (text.length <= limit) return text;
	// Cut at a code point, never inside a surrogate pair.
	const kept = Array.from(text.slice(0, limit + 1)).slice(0, -1).join('');
	return `${kept}… (${text.length - kept.length} more characters)`;
}
