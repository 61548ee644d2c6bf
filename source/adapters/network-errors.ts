// A failed connection, said the way a partner admin can act on it: which service could not be
// reached and whether DNS, the connection itself or TLS (often an inspecting proxy) failed.

import {TenantdeckError} from '../core/errors.js';

const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const refusedCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EPIPE', 'UND_ERR_SOCKET']);
const timeoutCodes = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);

/** The system error code under a fetch failure (fetch wraps it in `cause`), if any. */
export function transportCode(error: unknown): string | undefined {
	for (const current of causes(error)) {
		if (typeof current.code === 'string' && current.code !== 'ERR_INVALID_ARG_TYPE') return current.code;
	}
	return undefined;
}

/** The error and the causes under it (fetch and the proxy tunnel wrap what failed), a few deep. */
function* causes(error: unknown): Generator<{code?: unknown; message?: unknown; proxy?: unknown; cause?: unknown}> {
	let current = error as {cause?: unknown} | undefined;
	for (let depth = 0; current && depth < 4; depth++, current = current.cause as typeof current) yield current;
}

/** The proxy a request went through, when it failed on the way (see proxy.ts). */
function proxyIn(error: unknown): string | undefined {
	for (const current of causes(error)) if (typeof current.proxy === 'string') return current.proxy;
	return undefined;
}

/** What a refusing proxy answered (proxy.ts words it). */
function refusalIn(error: unknown): string {
	for (const current of causes(error)) if (current.code === 'EPROXYREFUSED') return String(current.message);
	return '';
}

function isTlsCode(code: string): boolean {
	return /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS/i.test(code);
}

/** One sentence and next step per kind of network failure; `service` is e.g. "Microsoft Graph". */
export function networkFailure(error: unknown, service: string, host?: string, tenantId?: string): TenantdeckError {
	const code = transportCode(error);
	const where = host ? `${service} (${host})` : service;
	const details = {code, tenantId, cause: error};
	const proxy = proxyIn(error);
	if (proxy) {
		const said = code === 'EPROXYREFUSED' ? `: ${refusalIn(error)}` : code ? ` (${code})` : '';
		return new TenantdeckError('unavailable', `Could not reach ${where} through the proxy ${proxy}${said}.`, {...details, hint: 'Check HTTPS_PROXY (and NO_PROXY) and that the proxy lets this machine reach Microsoft; a proxy that wants a sign-in takes it in the address (http://user:password@host:port).'});
	}
	if (code && dnsCodes.has(code)) {
		return new TenantdeckError('unavailable', `Could not find ${where}: the DNS lookup failed (${code}).`, {...details, hint: 'Check your network connection and DNS; behind a proxy, set HTTPS_PROXY.'});
	}
	if (code && isTlsCode(code)) {
		return new TenantdeckError('unavailable', `The secure connection to ${where} failed (${code}).`, {...details, hint: 'A proxy that inspects HTTPS may be in the way: give Node its certificate with NODE_EXTRA_CA_CERTS, or check the machine\'s clock.'});
	}
	if (code && timeoutCodes.has(code)) {
		return new TenantdeckError('unavailable', `${where} did not answer in time (${code}).`, {...details, hint: 'Check your network connection; if it persists, a firewall may be dropping the connection.'});
	}
	if (code && refusedCodes.has(code)) {
		return new TenantdeckError('unavailable', `Could not connect to ${where} (${code}).`, {...details, hint: 'Check your network connection, VPN or firewall.'});
	}
	return new TenantdeckError('unavailable', `Could not reach ${where}${code ? ` (${code})` : ''}.`, {...details, hint: 'Check your network connection.'});
}
