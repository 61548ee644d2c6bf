// An outbound proxy from the environment, read as curl reads it: HTTPS_PROXY for https targets,
// HTTP_PROXY for http ones (lower-case names too), NO_PROXY a comma list of hosts that go direct
// (a name covers its subdomains, `*` covers all); this machine itself (localhost, 127.x, ::1: a
// sandbox) always goes direct, as Go's clients do. Partners' admin machines often reach Microsoft
// only through one. https goes through a CONNECT tunnel, so the proxy never sees the traffic; the
// PowerShell side reads the same variables itself (.NET's HttpClient does on Linux and macOS).

import {request as httpRequest} from 'node:http';
import {request as httpsRequest} from 'node:https';
import {isIP} from 'node:net';
import {connect as tlsConnect, type ConnectionOptions, type TLSSocket} from 'node:tls';
import type {Duplex} from 'node:stream';
import {TenantdeckError} from '../core/errors.js';

const CONNECT_TIMEOUT_MS = 30_000;

export type ProxyRoute = {
	/** The proxy for this target, or undefined to go direct. */
	forTarget(url: URL): URL | undefined;
};

function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
	const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
	return value?.trim() || undefined;
}

function parseProxy(text: string | undefined, variableName: string): URL | undefined {
	if (!text) return undefined;
	try {
		const url = new URL(text.includes('://') ? text : `http://${text}`);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
		return url;
	} catch {
		throw new TenantdeckError('invalid', `${variableName} is not a proxy address tenantdeck can use: "${text}".`, {hint: `Set it to the proxy's address, e.g. ${variableName}=http://proxy.example.com:8080, or unset it to connect directly.`});
	}
}

/** undefined when no proxy is configured: every request goes direct. */
export function proxyFromEnvironment(env: NodeJS.ProcessEnv = process.env): ProxyRoute | undefined {
	const https = parseProxy(variable(env, 'https_proxy'), 'HTTPS_PROXY');
	const http = parseProxy(variable(env, 'http_proxy'), 'HTTP_PROXY');
	if (!https && !http) return undefined;
	const bypass = (variable(env, 'no_proxy') ?? '').split(',').map(entry => entry.trim().toLowerCase().replace(/:\d+$/, '').replace(/^\*?\./, '')).filter(Boolean);
	const direct = (host: string) => bypass.some(entry => entry === '*' || host === entry || host.endsWith(`.${entry}`));
	return {
		forTarget(url) {
			const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
			if (loopback(host) || direct(host)) return undefined;
			return url.protocol === 'https:' ? https : http;
		},
	};
}

function loopback(host: string): boolean {
	return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/** Proxy-Authorization for a proxy URL with user:password in it. */
export function proxyAuthorization(proxy: URL): Record<string, string> {
	if (!proxy.username) return {};
	const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
	return {'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}`};
}

/**
 * Opens a TLS connection to options.host:port through the proxy's CONNECT tunnel: what an https
 * agent's createConnection hands back. A refusal names the proxy and its answer.
 */
export function tunnel(proxy: URL, options: ConnectionOptions & {host?: string; port?: number | string}, done: (error: Error | null, socket?: TLSSocket) => void): void {
	const target = `${options.host}:${options.port ?? 443}`;
	const request = (proxy.protocol === 'https:' ? httpsRequest : httpRequest)({host: proxy.hostname, port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80), method: 'CONNECT', path: target, headers: {host: target, ...proxyAuthorization(proxy)}, agent: false});
	request.once('connect', (answer, socket: Duplex) => {
		if (answer.statusCode !== 200) {
			socket.destroy();
			done(Object.assign(new Error(`the proxy answered HTTP ${answer.statusCode}${answer.statusMessage ? ` ${answer.statusMessage}` : ''}`), {code: 'EPROXYREFUSED', proxy: proxy.host}));
			return;
		}
		const host = String(options.host);
		done(null, tlsConnect({...options, socket, servername: options.servername || (isIP(host) ? undefined : host)}));
	});
	request.once('error', error => done(Object.assign(error, {proxy: proxy.host})));
	// A proxy that never answers the CONNECT must not hold a socket for ever (the request's own deadline only abandons it).
	request.setTimeout(CONNECT_TIMEOUT_MS, () => request.destroy(Object.assign(new Error('the proxy did not answer'), {code: 'ETIMEDOUT'})));
	request.end();
}
