// fetch that trusts one extra CA for its own requests: how the product talks to `tenantdeck sandbox
// --tls` without switching verification off or changing trust for the whole process. Node 20's
// global fetch takes no CA option, so this is the keep-alive client (http-client.ts) answering
// with a standard Response, for callers that want fetch's own shape.
import {createHttpClient} from './http-client.js';

export type Fetch = typeof fetch;

/** A fetch for string bodies (all the product sends) that verifies https servers against `ca` plus the usual roots. */
export function trustingFetch(ca: string): Fetch {
	const send = createHttpClient({ca});
	return (async (input: string | URL | Request, init: RequestInit = {}) => {
		const url = input instanceof Request ? input.url : String(input);
		const body = init.body === undefined || init.body === null ? undefined : String(init.body);
		const reply = await send(url, {method: init.method, headers: Object.fromEntries(new Headers(init.headers).entries()), body, signal: init.signal ?? undefined});
		const text = await reply.text();
		const empty = reply.status === 204 || reply.status === 304 || text === '';
		return new Response(empty ? null : text, {status: reply.status, headers: new Headers([...reply.headers.entries()])});
	}) as Fetch;
}
