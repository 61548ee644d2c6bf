import test from 'ava';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {createGraphClient} from '../../source/adapters/graph/graph-client.js';
import {TenantdeckError} from '../../source/core/errors.js';

type Handler = (request: IncomingMessage, response: ServerResponse, count: number) => void;

/** A real HTTP server on loopback answering with the handler; counts requests. */
async function server(t: {teardown(fn: () => void): void}, handler: Handler): Promise<{url: string; requests: () => number}> {
	let count = 0;
	const http = createServer((request, response) => handler(request, response, ++count));
	await new Promise<void>(resolve => http.listen(0, '127.0.0.1', resolve));
	t.teardown(() => {
		http.closeAllConnections();
		http.close();
	});
	return {url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, requests: () => count};
}

const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
	response.writeHead(status, {'content-type': 'application/json', ...headers});
	response.end(JSON.stringify(body));
};

const token = async () => 'test-token';

test('429 with Retry-After is retried after the time the service asks for, and the retry is reported', async t => {
	const cloud = await server(t, (_request, response, count) => (count < 3 ? json(response, 429, {error: {code: 'TooManyRequests', message: 'slow down'}}, {'retry-after': '0.05'}) : json(response, 200, {value: [1]})));
	const retries: Array<[number, number, string]> = [];
	const graph = createGraphClient({baseUrl: cloud.url, token});
	const started = performance.now();
	const page = await graph.get<{value: number[]}>('/v1.0/organization', {onRetry: (attempt, waitMs, reason) => retries.push([attempt, waitMs, reason])});
	t.deepEqual(page.value, [1]);
	t.deepEqual(retries, [[1, 50, 'HTTP 429'], [2, 50, 'HTTP 429']]);
	// Two waits of 50 ms (a lower bound: a slow machine only waits longer). Node's timers count whole
	// milliseconds from the loop's cached clock, so each may end a millisecond or two early.
	t.true(performance.now() - started >= 95, `${performance.now() - started} ms`);
});

test('without Retry-After the backoff grows and stays within its bound', async t => {
	const cloud = await server(t, (_request, response, count) => (count < 5 ? json(response, 503, {error: {code: 'serviceNotAvailable', message: 'busy'}}) : json(response, 200, {value: []})));
	const waits: number[] = [];
	const graph = createGraphClient({baseUrl: cloud.url, token, maxBackoffMs: 40, random: () => 1});
	await graph.get('/v1.0/organization', {onRetry: (_attempt, waitMs) => waits.push(waitMs)});
	t.deepEqual(waits, [40, 40, 40, 40]);
	const growing: number[] = [];
	const cloud2 = await server(t, (_request, response, count) => (count < 4 ? json(response, 504, {}) : json(response, 200, {})));
	await createGraphClient({baseUrl: cloud2.url, token, baseBackoffMs: 20, random: () => 0}).get('/x', {onRetry: (_attempt, waitMs) => growing.push(waitMs)});
	t.deepEqual(growing, [10, 20, 40], 'half of a doubling base, with the jitter at its low end');
});

test('retries are bounded: a service that never recovers becomes a typed error with the request id', async t => {
	const cloud = await server(t, (_request, response) => json(response, 503, {error: {code: 'serviceNotAvailable', message: 'down', innerError: {'request-id': 'req-123'}}}, {'retry-after': '0'}));
	const graph = createGraphClient({baseUrl: cloud.url, token, maxRetries: 2});
	const error = await t.throwsAsync(graph.get('/v1.0/organization', {tenantId: 'tenant-1'}), {instanceOf: TenantdeckError});
	t.is(cloud.requests(), 3);
	t.is(error?.kind, 'unavailable');
	t.is(error?.status, 503);
	t.is(error?.code, 'serviceNotAvailable');
	t.is(error?.requestId, 'req-123');
	t.is(error?.tenantId, 'tenant-1');
});

test('403 becomes a forbidden error with a GDAP hint; 404 is not-found; neither is retried', async t => {
	const cloud = await server(t, (request, response) => (request.url!.includes('missing')
		? json(response, 404, {error: {code: 'Request_ResourceNotFound', message: 'nope'}})
		: json(response, 403, {error: {code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.'}})));
	const graph = createGraphClient({baseUrl: cloud.url, token});
	const forbidden = await t.throwsAsync(graph.get('/v1.0/users'), {instanceOf: TenantdeckError});
	t.is(forbidden?.kind, 'forbidden');
	t.regex(forbidden?.hint ?? '', /GDAP/);
	const missing = await t.throwsAsync(graph.get('/v1.0/users/missing'), {instanceOf: TenantdeckError});
	t.is(missing?.kind, 'not-found');
	t.is(cloud.requests(), 2);
});

test('a request that takes too long fails with a timeout; an aborted one is cancelled', async t => {
	const cloud = await server(t, () => {});
	const graph = createGraphClient({baseUrl: cloud.url, token, timeoutMs: 100, maxRetries: 0});
	const slow = await t.throwsAsync(graph.get('/v1.0/organization'), {instanceOf: TenantdeckError});
	t.is(slow?.kind, 'timeout');
	const controller = new AbortController();
	const pending = graph.get('/v1.0/organization', {signal: controller.signal});
	controller.abort();
	const aborted = await t.throwsAsync(pending, {instanceOf: TenantdeckError});
	t.is(aborted?.kind, 'cancelled');
});

test('paging follows nextLink to the end, and never sends the token to another host', async t => {
	let base = '';
	const cloud = await server(t, (request, response) => {
		const page = Number(new URL(request.url!, base).searchParams.get('page') ?? '1');
		t.is(request.headers.authorization, 'Bearer test-token');
		json(response, 200, {value: [page * 10, page * 10 + 1], ...(page < 3 ? {'@odata.nextLink': `${base}/v1.0/users?page=${page + 1}`} : {})});
	});
	base = cloud.url;
	const graph = createGraphClient({baseUrl: cloud.url, token});
	const items: number[] = [];
	for await (const item of graph.list<number>('/v1.0/users')) items.push(item);
	t.deepEqual(items, [10, 11, 20, 21, 30, 31]);

	const evil = await server(t, (_request, response) => json(response, 200, {value: [1], '@odata.nextLink': 'http://203.0.113.9/steal'}));
	const error = await t.throwsAsync(async () => {
		for await (const _item of createGraphClient({baseUrl: evil.url, token}).list('/v1.0/users')) {}
	}, {instanceOf: TenantdeckError});
	t.regex(error?.message ?? '', /Refusing to follow a link outside/);
});

test('a token Graph calls expired is refreshed and the request retried once, through real MSAL', async t => {
	const {startSandbox} = await import('../../source/sandbox/server.js');
	const {createMsalAuth} = await import('../../source/adapters/auth/msal-auth.js');
	const {sandboxCloud, sandboxClientId} = await import('../../source/adapters/cloud.js');
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 2});
	t.teardown(() => sandbox.stop());
	const auth = createMsalAuth({cloud: sandboxCloud(sandbox.url), clientId: sandboxClientId});
	await auth.signIn({onCode: () => {}});
	const tokens: string[] = [];
	const client = createGraphClient({baseUrl: sandbox.url, token: async (tenantId, options) => {
		const token = await auth.token('graph', tenantId, options);
		tokens.push(token);
		return token;
	}});
	const customer = sandbox.context.world.customers[0]!.tenantId;
	await client.get('/v1.0/organization', {tenantId: customer});
	// The client still holds a token it believes valid for an hour; the service now refuses it.
	await fetch(`${sandbox.url}/_sandbox/expire-access`, {method: 'POST'});
	const organization = await client.get<{value: Array<{id: string}>}>('/v1.0/organization', {tenantId: customer});
	t.is(organization.value[0]!.id, customer);
	t.is(tokens.length, 3, 'one refused, one fresh');
	t.not(tokens[2], tokens[1]);
	// Refused twice in a row is a real refusal, not a stale token: it fails, once.
	await fetch(`${sandbox.url}/_sandbox/knobs`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({tokenLifetimeSec: 0})});
	await fetch(`${sandbox.url}/_sandbox/expire-access`, {method: 'POST'});
	const error = await t.throwsAsync(client.get('/v1.0/organization', {tenantId: customer}));
	t.regex(error!.message, /Graph refused the sign-in/);
});

test('a closed connection ends the requests still going as cancelled, mid-backoff, and sends nothing after', async t => {
	// A backoff of an hour, as the service asks: only the close can end this request. (The timeout
	// only turns a hang into a failure now rather than at ava's inactivity limit.)
	t.timeout(20_000);
	const cloud = await server(t, (_request, response) => json(response, 503, {error: {code: 'ServiceUnavailable', message: 'busy'}}, {'retry-after': '3600'}));
	const closed = new AbortController();
	let tokens = 0;
	const graph = createGraphClient({baseUrl: cloud.url, token: async () => (tokens++, 'test-token'), maxBackoffMs: 3_600_000, closed: closed.signal});
	const error = await t.throwsAsync(graph.get('/v1.0/contracts', {onRetry: () => closed.abort()}));
	t.is((error as TenantdeckError).kind, 'cancelled');
	t.is(cloud.requests(), 1);
	const after = await t.throwsAsync(graph.get('/v1.0/contracts'));
	t.is((after as TenantdeckError).kind, 'cancelled');
	t.is(tokens, 1, 'a request after the close asked for a token');
	t.is(cloud.requests(), 1, 'a request after the close was sent');
});

test('closing a connection cancels a Graph request the service has not answered, instead of leaving it to its deadline', async t => {
	const {startSandbox} = await import('../../source/sandbox/server.js');
	const {openConnection} = await import('../../source/adapters/connection.js');
	const {tempEnv} = await import('../helpers/headless.js');
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	const connection = await openConnection({sandboxUrl: sandbox.url, env: await tempEnv()});
	await connection.auth.signIn({onCode: () => {}});
	const arrived = sandbox.stats().requests;
	sandbox.context.knobs.latencyMs = 60_000;
	const pending = connection.graph.get('/v1.0/organization');
	// The request has reached the sandbox, which holds it for a minute.
	while (sandbox.stats().requests === arrived) await new Promise(resolve => setImmediate(resolve));
	await connection.close();
	const error = await t.throwsAsync(pending);
	t.is((error as TenantdeckError).kind, 'cancelled');
});
