// fetch that trusts one extra CA for its own requests: how the product talks to `tenantdeck sandbox
// --tls` without switching verification off or changing trust for the whole process. Node 20's
// global fetch takes no CA option, so this speaks node:https and answers with a standard Response.
import {request as httpsRequest} from 'node:https';
import {request as httpRequest, type IncomingMessage} from 'node:http';
import {rootCertificates} from 'node:tls';

export type Fetch = typeof fetch;

function headersOf(message: IncomingMessage): Headers {
	const headers = new Headers();
	for (const [name, value] of Object.entries(message.headers)) {
		if (value === undefined) continue;
		for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
	}
	return headers;
}

function plainHeaders(init: HeadersInit | undefined): Record<string, string> {
	return Object.fromEntries(new Headers(init).entries());
}

/** A fetch for string bodies (all the product sends) that verifies https servers against `ca` plus the usual roots. */
export function trustingFetch(ca: string): Fetch {
	return ((input: string | URL | Request, init: RequestInit = {}) => {
		const url = new URL(input instanceof Request ? input.url : String(input));
		const body = init.body === undefined || init.body === null ? undefined : String(init.body);
		const signal = init.signal ?? undefined;
		return new Promise<Response>((resolve, reject) => {
			if (signal?.aborted) return reject(signal.reason);
			const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
			// `ca` replaces Node's roots, so they go along: other https hosts still verify as usual.
			const options = {method: init.method ?? 'GET', headers: plainHeaders(init.headers), signal, ...(url.protocol === 'https:' ? {ca: [...rootCertificates, ca]} : {})};
			const outgoing = send(url, options, incoming => {
				const chunks: Buffer[] = [];
				incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
				incoming.on('error', reject);
				incoming.on('end', () => {
					const status = incoming.statusCode ?? 0;
					const empty = status === 204 || status === 304 || chunks.length === 0;
					resolve(new Response(empty ? null : Buffer.concat(chunks), {status, statusText: incoming.statusMessage, headers: headersOf(incoming)}));
				});
			});
			// A network failure surfaces as fetch's TypeError with the cause, as the error mappers expect.
			outgoing.on('error', error => reject(signal?.aborted ? signal.reason : Object.assign(new TypeError('fetch failed'), {cause: error})));
			outgoing.end(body);
		});
	}) as Fetch;
}
