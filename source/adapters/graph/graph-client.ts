// GraphPort over HTTP: one base URL per cloud, a bearer token per tenant, retries on 429/503/504
// honouring Retry-After (else bounded exponential backoff with jitter), a timeout per request.
// Requests go out on the keep-alive client (http-client.ts) unless the caller brings another.

import type {GraphPort, GraphRequest} from '../../core/ports.js';
import {TenantdeckError} from '../../core/errors.js';
import {graphHttpError, graphTransportError} from './graph-errors.js';
import {RequestTimeout, sharedHttpClient, type HttpReply, type HttpSend} from '../http-client.js';

export type GraphClientOptions = {
	baseUrl: string;
	/** forceRefresh: the service refused the last token (expired early, revoked session): get a new one. */
	token: (tenantId?: string, options?: {forceRefresh?: boolean}) => Promise<string>;
	timeoutMs?: number;
	maxRetries?: number;
	/** First backoff wait when the service gives no Retry-After (doubles each attempt), ms. */
	baseBackoffMs?: number;
	/** Upper bound for one backoff wait, ms. */
	maxBackoffMs?: number;
	random?: () => number;
	/** How requests go out: the keep-alive client, which keeps the deadline (timeoutMs); a sandbox served over --tls passes one trusting its CA. */
	fetch?: HttpSend;
	/**
	 * Aborted when the connection closes: every request still going (one a failed command left
	 * behind, with its retries) ends as cancelled, instead of keeping the process alive through its
	 * backoff against a cloud that is gone (an embedded sandbox: 23 s of ECONNREFUSED retries).
	 */
	closed?: AbortSignal;
};

const retryableStatus = new Set([429, 503, 504]);

export function createGraphClient(options: GraphClientOptions): GraphPort {
	const {baseUrl, token, timeoutMs = 30_000, maxRetries = 6, baseBackoffMs = 500, maxBackoffMs = 30_000, random = Math.random, fetch = sharedHttpClient(), closed} = options;
	const origin = new URL(baseUrl).origin;

	function urlFor(path: string): string {
		if (/^https?:\/\//.test(path)) {
			// nextLinks are followed as given, but a token never leaves the cloud it was issued for.
			if (new URL(path).origin !== origin) throw new TenantdeckError('invalid', `Refusing to follow a link outside ${origin}.`);
			return path;
		}
		return `${baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
	}

	function backoff(attempt: number, retryAfter: string | null): number {
		const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
		if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, maxBackoffMs * 4);
		const base = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (attempt - 1));
		return base / 2 + random() * (base / 2);
	}

	async function send(method: string, path: string, body: unknown, request: GraphRequest = {}): Promise<unknown> {
		const url = urlFor(path);
		// A token Graph calls expired is refreshed and the request sent once more, not failed.
		let refreshed = false;
		let forceRefresh = false;
		for (let attempt = 1; ; attempt++) {
			let response: HttpReply;
			let text: string;
			if (closed?.aborted) throw new TenantdeckError('cancelled', 'Cancelled: the connection was closed.', {tenantId: request.tenantId});
			try {
				const bearer = await token(request.tenantId, forceRefresh ? {forceRefresh} : undefined);
				forceRefresh = false;
				response = await fetch(url, {
					method,
					signal: request.signal,
					closed,
					timeoutMs,
					headers: {authorization: `Bearer ${bearer}`, accept: 'application/json', ...(body === undefined ? {} : {'content-type': 'application/json'}), ...request.headers},
					body: body === undefined ? undefined : JSON.stringify(body),
				});
				text = await response.text();
			} catch (error) {
				const failure = graphTransportError(error, error instanceof RequestTimeout, timeoutMs, request.tenantId);
				if (failure.kind !== 'unavailable' || attempt > maxRetries) throw failure;
				await wait(backoff(attempt, null), attempt, failure.message, request, closed);
				continue;
			}
			const parsed = parseJson(text);
			if (response.ok) return parsed;
			if (response.status === 401 && !refreshed) {
				refreshed = true;
				forceRefresh = true;
				attempt--;
				continue;
			}
			if (retryableStatus.has(response.status) && attempt <= maxRetries) {
				await wait(backoff(attempt, response.headers.get('retry-after')), attempt, `HTTP ${response.status}`, request, closed);
				continue;
			}
			throw graphHttpError(response.status, parsed, response.headers, request.tenantId);
		}
	}

	return {
		get: async <T>(path: string, request?: GraphRequest) => (await send('GET', path, undefined, request)) as T,
		post: async <T>(path: string, body: unknown, request?: GraphRequest) => (await send('POST', path, body, request)) as T,
		async patch(path, body, request) {
			await send('PATCH', path, body, request);
		},
		async *list<T>(path: string, request?: GraphRequest): AsyncIterable<T> {
			let next: string | undefined = path;
			while (next) {
				const page = (await send('GET', next, undefined, request)) as {value?: T[]; '@odata.nextLink'?: string};
				yield* page.value ?? [];
				next = page['@odata.nextLink'];
			}
		},
	};
}

/** The backoff before a retry: ends early, as cancelled, when the request's signal or the connection's close fires. */
async function wait(ms: number, attempt: number, reason: string, request: GraphRequest, closed: AbortSignal | undefined): Promise<void> {
	const ended = [request.signal, closed].filter(signal => signal !== undefined);
	const cancelled = () => new TenantdeckError('cancelled', 'Cancelled.', {tenantId: request.tenantId});
	if (ended.some(signal => signal.aborted)) throw cancelled();
	request.onRetry?.(attempt, ms, reason);
	await new Promise<void>((resolve, reject) => {
		const settle = (outcome: () => void) => {
			clearTimeout(timer);
			for (const signal of ended) signal.removeEventListener('abort', stop);
			outcome();
		};
		const stop = () => settle(() => reject(cancelled()));
		const timer = setTimeout(() => settle(resolve), ms);
		for (const signal of ended) signal.addEventListener('abort', stop, {once: true});
		// onRetry may itself have ended the request (a caller that gives up after so many retries).
		if (ended.some(signal => signal.aborted)) stop();
	});
}

function parseJson(text: string): unknown {
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return {error: {message: text.slice(0, 200)}};
	}
}
