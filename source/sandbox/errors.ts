// Error bodies exactly as Microsoft sends them: Graph's OData error with innerError, and the
// identity platform's AADSTS error. Every route builds its failures here so shapes never drift.
import {randomUUID} from 'node:crypto';
import type {SandboxReply, SandboxRequest} from './contract.js';

function headerValue(request: SandboxRequest, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

function requestIdOf(request: SandboxRequest): string {
	return request.requestId ?? randomUUID();
}

/** Graph's error reply: {"error":{"code","message","innerError":{"request-id","date","client-request-id"}}}. */
export function graphError(request: SandboxRequest, status: number, code: string, message: string, headers?: Record<string, string>): SandboxReply {
	const requestId = requestIdOf(request);
	return {
		status,
		headers,
		body: {
			error: {
				code,
				message,
				innerError: {
					date: new Date().toISOString().replace(/\.\d+Z$/, ''),
					'request-id': requestId,
					'client-request-id': headerValue(request, 'client-request-id') ?? requestId,
				},
			},
		},
	};
}

/** The identity platform's error reply (token and devicecode endpoints). */
export function aadError(request: SandboxRequest, status: number, error: string, aadsts: number, description: string, extra: Record<string, unknown> = {}): SandboxReply {
	const traceId = requestIdOf(request);
	const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
	return {
		status,
		body: {
			error,
			error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId} Correlation ID: ${headerValue(request, 'client-request-id') ?? traceId} Timestamp: ${timestamp}`,
			error_codes: [aadsts],
			timestamp,
			trace_id: traceId,
			correlation_id: headerValue(request, 'client-request-id') ?? traceId,
			error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
			...extra,
		},
	};
}
