// The sandbox cloud: one node:http server on 127.0.0.1 that answers as Microsoft's identity
// platform and Graph do, so the real adapters (MSAL, fetch) run against it over real HTTP.
import {setMaxListeners} from 'node:events';
import {randomUUID} from 'node:crypto';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import type {Route, SandboxKnobs, SandboxReply, SandboxRequest, SandboxStats} from './contract.js';
import {createContext, type SandboxContext} from './context.js';
import {controlRoutes} from './control.js';
import {graphError} from './errors.js';
import {graphRoutes} from './graph.js';
import {identityRoutes} from './identity.js';
import {partnerCenterRoutes} from './partner-center.js';
import {resolveKnobs} from './knobs.js';

export {knobsFromEnv} from './knobs.js';
export type {SandboxContext} from './context.js';

export type SandboxOptions = Partial<SandboxKnobs> & {
	/** 0 (default) picks a free port. */
	port?: number;
	/**
	 * Extra route factories, tried after the built-in identity, Graph and /_sandbox routes, with
	 * the same latency applied. This is how Exchange plugs in: pass its factory here and it gets the
	 * shared context (world, token ledger via authorize(), knobs, stats.exchange to keep up to date).
	 */
	routes?: Array<(context: SandboxContext) => Route>;
};

export type Sandbox = {
	/** Base URL, e.g. http://127.0.0.1:53012 (no trailing slash). */
	url: string;
	context: SandboxContext;
	stats(): SandboxStats;
	/** Idempotent; drops open connections and pending latency waits. */
	stop(): Promise<void>;
};

const MAX_BODY = 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY) throw new Error('Request body too large.');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

/** Form fields for x-www-form-urlencoded, parsed JSON otherwise; throws on malformed JSON. */
function parseBody(raw: Buffer, contentType: string | undefined): unknown {
	const text = raw.toString('utf8');
	if (text.trim() === '') return undefined;
	if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
	return JSON.parse(text) as unknown;
}

function send(response: ServerResponse, reply: SandboxReply, requestId: string, clientRequestId: string): void {
	if (response.destroyed || response.headersSent) return;
	const headers: Record<string, string> = {'request-id': requestId, 'client-request-id': clientRequestId, ...reply.headers};
	if (reply.status === 204 || reply.body === undefined) {
		response.writeHead(reply.status, headers).end();
		return;
	}
	const payload = JSON.stringify(reply.body);
	response.writeHead(reply.status, {...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(payload))}).end(payload);
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const {port = 0, routes = [], ...knobOptions} = options;
	const knobs = resolveKnobs(knobOptions);
	const stopping = new AbortController();
	// Every delayed answer waits on this signal, so hundreds of listeners at once are normal here.
	setMaxListeners(0, stopping.signal);
	const context = createContext(knobs, stopping.signal);
	// Identity and control answer at once; Graph and extra routes wait latencyMs first.
	const instant = [controlRoutes(context), identityRoutes(context)];
	const delayed = [graphRoutes(context), partnerCenterRoutes(context), ...routes.map(factory => factory(context))];

	async function dispatch(request: SandboxRequest): Promise<SandboxReply> {
		for (const route of instant) {
			const reply = await route(request);
			if (reply) return reply;
		}
		await context.delay(context.knobs.latencyMs);
		for (const route of delayed) {
			const reply = await route(request);
			if (reply) return reply;
		}
		return graphError(request, 404, 'NotFound', `The sandbox serves no ${request.method} ${request.url.pathname}.`);
	}

	const server = createServer(async (incoming, response) => {
		const requestId = randomUUID();
		const header = incoming.headers['client-request-id'];
		const clientRequestId = (Array.isArray(header) ? header[0] : header) ?? requestId;
		const url = new URL(incoming.url ?? '/', `http://${incoming.headers.host ?? `127.0.0.1:${port}`}`);
		const request: SandboxRequest = {method: incoming.method ?? 'GET', url, headers: incoming.headers, body: undefined, requestId};
		context.stats.requests++;
		if (url.pathname === '/v1.0' || url.pathname.startsWith('/v1.0/')) context.stats.graphRequests++;
		let reply: SandboxReply;
		try {
			const raw = await readBody(incoming);
			try {
				request.body = parseBody(raw, incoming.headers['content-type']);
			} catch {
				send(response, graphError(request, 400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.'), requestId, clientRequestId);
				return;
			}
			reply = await dispatch(request);
		} catch (error) {
			reply = graphError(request, 500, 'InternalServerError', `The sandbox failed: ${(error as Error).message}`);
		}
		send(response, reply, requestId, clientRequestId);
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', error => reject((error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use; pick another with --port or use --port 0.`) : error));
		server.listen(port, '127.0.0.1', () => resolve());
	});
	const address = server.address() as AddressInfo;
	let stopped: Promise<void> | undefined;
	return {
		url: `http://127.0.0.1:${address.port}`,
		context,
		stats: () => structuredClone(context.stats),
		stop() {
			stopped ??= new Promise<void>(resolve => {
				stopping.abort();
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return stopped;
		},
	};
}
