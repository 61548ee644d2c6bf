// The audit log: one JSON line per change a write operation made — who, when, which tenant,
// which operation with which parameters, before, after, outcome. Append-only, in the state folder.

import {appendFile, mkdir} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import type {AuditPort} from '../core/ports.js';

export function auditLogPath(stateFolder: string): string {
	return join(stateFolder, 'audit.jsonl');
}

export function createAuditLog(path: string, operator: string, now: () => Date = () => new Date()): AuditPort {
	let ready: Promise<unknown> | undefined;
	return {
		async record({tenant, operationId, params, row}) {
			ready ??= mkdir(dirname(path), {recursive: true, mode: 0o700});
			await ready;
			const entry = {
				time: now().toISOString(),
				operator,
				tenantId: tenant.tenantId,
				tenantDomain: tenant.tenantDomain,
				tenantName: tenant.tenantName,
				operation: operationId,
				params,
				target: row['target'],
				property: row['property'],
				before: row['before'],
				after: row['after'],
				outcome: row['result'],
			};
			// One appendFile per line: O_APPEND keeps lines whole even with two tenantdeck processes.
			await appendFile(path, JSON.stringify(entry) + '\n', {mode: 0o600});
		},
	};
}
