// What an Exchange script's side channel carries, made safe and typed before anyone sees it: rows
// and attempted changes as flat records with anything token-shaped redacted, progress as counts.

import type {ExchangeRecord} from './ports.js';
import type {StreamRecord} from './supervisor-ports.js';

// A JWT (header.payload.signature, base64url), a bearer credential, and the sandbox's own token shape.
const tokenShapes = [
	/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
	/\bbearer\s+[A-Za-z0-9._~+/=-]{16,}/gi,
	/\bsbx\.[A-Za-z]{2}\.[A-Za-z0-9._-]{8,}/g,
];

/** Replaces anything that looks like an access token, and the given secrets, with [redacted]. */
export function redactTokens(text: string, secrets: readonly string[] = []): string {
	let clean = text;
	for (const secret of secrets) if (secret.length >= 8) clean = clean.split(secret).join('[redacted]');
	for (const shape of tokenShapes) clean = clean.replace(shape, '[redacted]');
	return clean;
}

function redactValue(value: unknown, secrets: readonly string[]): unknown {
	if (typeof value === 'string') return redactTokens(value, secrets);
	if (Array.isArray(value)) return value.map(item => redactValue(item, secrets));
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [redactTokens(key, secrets), redactValue(item, secrets)]));
	}
	return value;
}

const asObject = (value: unknown): Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {value};

export function streamedRecord(record: StreamRecord, secrets: readonly string[]): ExchangeRecord | undefined {
	// The supervisor's own phases are its business, never a row.
	if (record.kind === 'phase') return undefined;
	if (record.kind === 'progress') {
		const {done, total} = asObject(record.value);
		return typeof done === 'number' && typeof total === 'number' ? {kind: 'progress', done, total} : undefined;
	}
	return {kind: record.kind, row: asObject(redactValue(record.value, secrets))};
}
