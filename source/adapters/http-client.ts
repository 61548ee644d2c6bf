// The HTTP client Graph and sign-in requests go out on: node:http/https over keep-alive agents,
// answering with just what the adapters read (status, headers, text). Global fetch (undici) cost
// as much CPU per request as the rest of a Graph fan-out together, mostly in web streams and
// Request/Response objects nobody here needs. Failures keep fetch's shape (a TypeError whose
// cause is the system error, or the abort signal's reason), so the error sentences stay the same.
import {Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage} from 'node:http';
import {Agent as HttpsAgent, request as httpsRequest} from 'node:https';
import {rootCertificates} from 'node:tls';
import {proxyAuthorization, proxyFromEnvironment, tunnel, type ProxyRoute} from './proxy.js';
import {brotliDecompress, brotliDecompressSync, gunzip, gunzipSync, inflate, inflateSync} from 'node:zlib';

export type HttpInit = {
	method?: string;
	headers?: Record<string, string>;
	body?: string;
	signal?: AbortSignal;
	/**
	 * A second signal that ends the request, one that outlives it (a connection's close): listened
	 * to for the request's time only, where AbortSignal.any would keep an entry per request on it.
	 */
	closed?: AbortSignal;
	/**
	 * Fails the request with a RequestTimeout after this long (global fetch ignores it). A timer
	 * here instead of a per-request AbortController that follows the caller's signal: the
	 * controller and its listeners cost about as much CPU as the rest of the request's own work.
	 */
	timeoutMs?: number;
};
export type HttpHeaders = {get(name: string): string | null; entries(): Iterable<[string, string]>};
export type HttpReply = {readonly status: number; readonly ok: boolean; readonly headers: HttpHeaders; text(): Promise<string>};
/** What the adapters send with; global fetch fits it too, so tests and callers may pass fetch. */
export type HttpSend = (url: string, init?: HttpInit) => Promise<HttpReply>;

export type HttpClientOptions = {
	/** A CA to trust besides the usual roots (a sandbox served over --tls); trust elsewhere is unchanged. */
	ca?: string;
	/** Which proxy each target goes through (proxyFromEnvironment); direct when absent. */
	proxy?: ProxyRoute;
};

/** An idle connection is closed after this (or 1 s before the server's Keep-Alive timeout, if sooner). */
const IDLE_MS = 30_000;
/** Asked for as fetch asks: a page of 999 users is a fraction of the bytes over a slow link. */
const ACCEPT_ENCODING = 'gzip, deflate, br';
type Decoder = {pool: (input: Buffer, done: (error: Error | null, output: Buffer) => void) => void; inline: (input: Buffer) => Buffer};
const DECODERS: Record<string, Decoder> = {
	gzip: {pool: gunzip, inline: gunzipSync},
	'x-gzip': {pool: gunzip, inline: gunzipSync},
	deflate: {pool: inflate, inline: inflateSync},
	br: {pool: brotliDecompress, inline: brotliDecompressSync},
};
/**
 * A compressed answer up to this size is decoded on the spot: handing it to the thread pool and
 * back costs the main thread more than decoding a few kilobytes (most Graph answers). Larger ones
 * (a page of 999 users) go to the pool so the console keeps drawing meanwhile.
 */
const INLINE_DECODE_BYTES = 32 * 1024;
/** A request that got no complete answer within its timeoutMs. */
export class RequestTimeout extends Error {
	override readonly name = 'TimeoutError';
	constructor(readonly timeoutMs: number) {
		super(`No answer within ${timeoutMs} ms.`);
	}
}

/** A kept-alive connection the server closed as we reused it: the request never reached it, so it is sent once more. */
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

class ReplyHeaders implements HttpHeaders {
	constructor(private readonly raw: IncomingHttpHeaders) {}

	get(name: string): string | null {
		const value = this.raw[name.toLowerCase()];
		if (value === undefined) return null;
		return Array.isArray(value) ? value.join(', ') : value;
	}

	*entries(): IterableIterator<[string, string]> {
		for (const name of Object.keys(this.raw)) yield [name, this.get(name)!];
	}
}

class Reply implements HttpReply {
	readonly ok: boolean;
	readonly headers: HttpHeaders;
	constructor(readonly status: number, headers: IncomingHttpHeaders, private readonly body: string) {
		this.ok = status >= 200 && status < 300;
		this.headers = new ReplyHeaders(headers);
	}

	async text(): Promise<string> {
		return this.body;
	}
}

export function createHttpClient(options: HttpClientOptions = {}): HttpSend {
	const agentOptions = {keepAlive: true, timeout: IDLE_MS, scheduling: 'lifo'} as const;
	const http = new HttpAgent(agentOptions);
	// `ca` replaces Node's roots (and NODE_EXTRA_CA_CERTS), so they go along when one is added.
	const tlsOptions = {...agentOptions, ...(options.ca ? {ca: [...rootCertificates, options.ca]} : {})};
	const https = new HttpsAgent(tlsOptions);
	// Through a proxy: https in a CONNECT tunnel per kept-alive connection, http as absolute-form requests to it.
	const tunnels = new Map<string, HttpsAgent>();
	const viaProxy = new HttpAgent(agentOptions);
	function tunnelAgent(proxy: URL): HttpsAgent {
		let agent = tunnels.get(proxy.href);
		if (!agent) {
			agent = new HttpsAgent(tlsOptions);
			// Node's agents take a connection handed over later through the callback.
			(agent as unknown as {createConnection: (options: object, done: (error: Error | null, socket?: unknown) => void) => undefined}).createConnection = (connectOptions, done) => {
				tunnel(proxy, connectOptions, done);
				return undefined;
			};
			tunnels.set(proxy.href, agent);
		}
		return agent;
	}
	/** The request for this target: direct, tunnelled (https) or sent to the proxy (http). */
	function open(url: URL, init: HttpInit, headers: Record<string, string>, onAnswer: (incoming: IncomingMessage) => void): ClientRequest {
		const method = init.method ?? 'GET';
		const proxy = options.proxy?.forTarget(url);
		if (url.protocol === 'https:') return httpsRequest(url, {method, headers, agent: proxy ? tunnelAgent(proxy) : https}, onAnswer);
		if (!proxy) return httpRequest(url, {method, headers, agent: http}, onAnswer);
		return httpRequest({host: proxy.hostname, port: proxy.port || 80, path: url.href, method, headers: {...headers, host: url.host, ...proxyAuthorization(proxy)}, agent: viaProxy}, onAnswer);
	}

	function once(url: URL, init: HttpInit, deadlineAt: number | undefined): Promise<{reply: HttpReply} | {stale: unknown}> {
		const {signal, closed} = init;
		return new Promise((resolve, reject) => {
			if (signal?.aborted) return reject(signal.reason);
			if (closed?.aborted) return reject(closed.reason);
			let settled = false;
			let timer: NodeJS.Timeout | undefined;
			const finish = (outcome: () => void) => {
				if (settled) return;
				settled = true;
				signal?.removeEventListener('abort', onAbort);
				closed?.removeEventListener('abort', onClosed);
				clearTimeout(timer);
				outcome();
			};
			const headers = {'accept-encoding': ACCEPT_ENCODING, ...init.headers};
			const outgoing = open(url, init, headers, (incoming: IncomingMessage) => {
				const chunks: Buffer[] = [];
				incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
				incoming.on('error', error => finish(() => reject(failure(error))));
				incoming.on('end', () => {
					const body = Buffer.concat(chunks);
					const answer = (text: string) => finish(() => resolve({reply: new Reply(incoming.statusCode ?? 0, incoming.headers, text)}));
					const decode = DECODERS[String(incoming.headers['content-encoding'] ?? '').trim().toLowerCase()];
					if (!decode || body.length === 0) return answer(body.toString('utf8'));
					if (body.length > INLINE_DECODE_BYTES) return decode.pool(body, (error, output) => (error ? finish(() => reject(failure(error))) : answer(output.toString('utf8'))));
					let output: Buffer;
					try {
						output = decode.inline(body);
					} catch (error) {
						return finish(() => reject(failure(error)));
					}
					answer(output.toString('utf8'));
				});
				// Cut off mid-answer (a complete answer may still be decoding when 'close' comes).
				incoming.on('close', () => {
					if (!incoming.complete) finish(() => reject(failure(Object.assign(new Error('The connection closed before the answer was complete.'), {code: 'ECONNRESET'}))));
				});
			});
			function onAbort() {
				finish(() => reject(signal!.reason));
				outgoing.destroy();
			}
			function onClosed() {
				finish(() => reject(closed!.reason));
				outgoing.destroy();
			}
			signal?.addEventListener('abort', onAbort, {once: true});
			closed?.addEventListener('abort', onClosed, {once: true});
			if (deadlineAt !== undefined) {
				timer = setTimeout(() => {
					finish(() => reject(new RequestTimeout(init.timeoutMs!)));
					outgoing.destroy();
				}, Math.max(0, deadlineAt - Date.now()));
			}
			outgoing.on('error', error => {
				const code = (error as NodeJS.ErrnoException).code;
				if (outgoing.reusedSocket && code && STALE_SOCKET.has(code)) finish(() => resolve({stale: error}));
				else finish(() => reject(failure(error)));
			});
			outgoing.end(init.body);
		});
	}

	return async (address, init = {}) => {
		const url = new URL(address);
		// One deadline for the request, a resend on a stale connection included.
		const deadlineAt = init.timeoutMs === undefined ? undefined : Date.now() + init.timeoutMs;
		const first = await once(url, init, deadlineAt);
		if ('reply' in first) return first.reply;
		const second = await once(url, init, deadlineAt);
		if ('reply' in second) return second.reply;
		throw failure(second.stale);
	};
}

/** A network failure as fetch reports it: the error mappers read the system code from `cause`. */
function failure(error: unknown): TypeError {
	return Object.assign(new TypeError('fetch failed'), {cause: error});
}

let shared: HttpSend | undefined;
/** One keep-alive client for callers that bring none (one pool of connections per process), through the environment's proxy. */
export function sharedHttpClient(): HttpSend {
	shared ??= createHttpClient({proxy: proxyFromEnvironment()});
	return shared;
}
