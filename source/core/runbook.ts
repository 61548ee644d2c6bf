// A runbook: the tenant set, operation and parameters of a run, saved so it can be replayed
// (`tenantdeck run --runbook FILE`). Small, readable JSON a person can edit.

import {z} from 'zod';
import {TenantdeckError} from './errors.js';

export const runbookSchema = z.object({
	runbook: z.literal(1),
	operation: z.string().min(1),
	tenants: z.array(z.string().min(1)).min(1),
	params: z.record(z.string(), z.string()).default({}),
	note: z.string().optional(),
});

export type Runbook = z.infer<typeof runbookSchema>;

export function parseRunbook(text: string, file: string): Runbook {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		throw new TenantdeckError('invalid', `Runbook ${file} is not valid JSON: ${(error as Error).message}.`);
	}
	const result = runbookSchema.safeParse(json);
	if (result.success) return result.data;
	const issue = result.error.issues[0]!;
	throw new TenantdeckError('invalid', `Runbook ${file}: "${issue.path.join('.') || 'file'}" ${issue.message}.`, {hint: 'A runbook looks like {"runbook": 1, "operation": "users-list", "tenants": ["contoso.com"], "params": {}}.'});
}

export function formatRunbook(runbook: Omit<Runbook, 'runbook'>): string {
	return JSON.stringify({runbook: 1, ...runbook}, null, '\t') + '\n';
}
