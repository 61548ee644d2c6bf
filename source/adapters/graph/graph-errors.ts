// One normaliser for Graph's error bodies and transport failures.

import {networkFailure} from '../network-errors.js';
import {TenantdeckError, type ErrorKind} from '../../core/errors.js';

type GraphErrorBody = {error?: {code?: string; message?: string; innerError?: Record<string, string>}};

export function graphHttpError(status: number, body: unknown, headers: Pick<Headers, 'get'>, tenantId?: string): TenantdeckError {
	const error = (body as GraphErrorBody | undefined)?.error;
	const code = error?.code;
	const requestId = error?.innerError?.['request-id'] ?? headers.get('request-id') ?? undefined;
	const serviceMessage = error?.message ?? `HTTP ${status}`;
	const details = {status, code, requestId, tenantId};
	if (status === 401) return new TenantdeckError('auth', `Graph refused the sign-in: ${serviceMessage}`, {...details, hint: 'Sign in again (tenantdeck login).'});
	if (status === 403) {
		return new TenantdeckError('forbidden', `No permission in this tenant: ${serviceMessage}`, {...details, hint: 'Your GDAP relationship with this customer lacks a role for this (e.g. User Administrator or Global Reader) — ask for it in Partner Center.'});
	}
	const kind: ErrorKind = status === 404 ? 'not-found' : status === 429 ? 'throttled' : status >= 500 ? 'unavailable' : status === 400 ? 'invalid' : 'unknown';
	const hint = kind === 'throttled' || kind === 'unavailable' ? 'Microsoft Graph is busy; retry the failed tenants in a few minutes.' : undefined;
	return new TenantdeckError(kind, `Graph answered ${status} ${code ?? ''}: ${serviceMessage}`.replace('  ', ' '), {...details, hint});
}

export function graphTransportError(error: unknown, timedOut: boolean, timeoutMs: number, tenantId?: string): TenantdeckError {
	if (error instanceof TenantdeckError) return error;
	if (timedOut) return new TenantdeckError('timeout', `Graph did not answer within ${Math.round(timeoutMs / 1000)}s.`, {tenantId, hint: 'Retry the failed tenants; if it persists, check your network.', cause: error});
	if ((error as Error)?.name === 'AbortError') return new TenantdeckError('cancelled', 'Cancelled.', {tenantId, cause: error});
	// The same sentences as sign-in's: a run row says it was the network, and which part of it.
	return networkFailure(error, 'Microsoft Graph', undefined, tenantId);
}
