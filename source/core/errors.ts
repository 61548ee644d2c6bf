// One error type for every failure that reaches a user: a plain message, a hint, and the facts
// (status, code, request id, tenant) a support ticket needs. Adapters create these at the edge.

export type ErrorKind =
	| 'auth' // sign-in or token problem
	| 'forbidden' // signed in, but no right to this tenant or action
	| 'not-found'
	| 'throttled'
	| 'unavailable'
	| 'timeout'
	| 'cancelled'
	| 'invalid' // bad input from the user
	| 'powershell' // PowerShell missing, died or failed
	| 'storage' // a folder of ours cannot be written: disk full, read-only, no permission
	| 'unknown';

export class TenantdeckError extends Error {
	override readonly name = 'TenantdeckError';
	readonly kind: ErrorKind;
	/** What the user can do about it, in one sentence. */
	readonly hint?: string;
	readonly status?: number;
	readonly code?: string;
	readonly requestId?: string;
	readonly tenantId?: string;
	/** The partner's whole sign-in is gone (revoked, expired): no further tenant can work. */
	readonly signInLost?: boolean;
	/** The input field the problem is about (a parameter name), from a validation issue's path. */
	readonly field?: string;

	constructor(kind: ErrorKind, message: string, details: {hint?: string; status?: number; code?: string; requestId?: string; tenantId?: string; signInLost?: boolean; field?: string; cause?: unknown} = {}) {
		super(message, details.cause === undefined ? undefined : {cause: details.cause});
		this.kind = kind;
		this.hint = details.hint;
		this.status = details.status;
		this.code = details.code;
		this.requestId = details.requestId;
		this.tenantId = details.tenantId;
		if (details.signInLost) this.signInLost = true;
		this.field = details.field;
	}
}

/** Any thrown value as a TenantdeckError, keeping typed ones as they are. */
export function asTenantdeckError(error: unknown): TenantdeckError {
	if (error instanceof TenantdeckError) return error;
	if (error instanceof Error && error.name === 'AbortError') return new TenantdeckError('cancelled', 'Cancelled.', {cause: error});
	const message = error instanceof Error ? error.message : String(error);
	return new TenantdeckError('unknown', message || 'Unknown error.', {cause: error});
}

/** The one line a user sees: message plus hint. */
export function describeError(error: unknown): string {
	const typed = asTenantdeckError(error);
	// A message that ends in a list (one name per line) has its hint on a line of its own.
	return typed.hint ? `${typed.message}${typed.message.endsWith('\n') ? '' : ' '}${typed.hint}` : typed.message;
}
