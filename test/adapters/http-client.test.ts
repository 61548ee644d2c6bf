// The keep-alive client Graph and sign-in requests go out on: connections are reused, a kept-alive
// connection the server dropped is retried once, and failures keep fetch's shape so the error
// sentences a run row shows stay the same.
import test from 'ava';
import {createServer, type Server} from 'node:http';
import {randomBytes} from 'node:crypto';
import {brotliCompressSync, gzipSync} from 'node:zlib';
import type {AddressInfo, Socket} from 'node:net';
import {createHttpClient, RequestTimeout} from '../../source/adapters/http-client.js';
import {createGraphClient} from '../../source/adapters/graph/graph-client.js';
import {TenantdeckError} from '../../source/core/errors.js';

type Counted = {url: string; connections: () => number; requests: () => number; server: Server};

/** A local server counting connections and requests; `onRequest` may answer differently per request on a socket. */
async function countingServer(onRequest: (nthOnSocket: number, socket: Socket) => {status: number; body: string; headers?: Record<string, string>} | 'drop'): Promise<Counted> {
	let connections = 0;
	let requests = 0;
	const perSocket = new WeakMap<Socket, number>();
	const server = createServer((request, response) => {
		requests++;
		const socket = request.socket;
		const nth = (perSocket.get(socket) ?? 0) + 1;
		perSocket.set(socket, nth);
		request.resume();
		request.on('end', () => {
			const answer = onRequest(nth, socket);
			if (answer === 'drop') {
				socket.destroy();
				return;
			}
			response.writeHead(answer.status, {'content-type': 'application/json', ...answer.headers}).end(answer.body);
		});
	});
	server.on('connection', () => connections++);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections, requests: () => requests, server};
}

function stop(server: Server): Promise<void> {
	server.closeAllConnections();
	return new Promise(resolve => server.close(() => resolve()));
}

test('requests reuse one kept-alive connection and read status, headers and body', async t => {
	const counted = await countingServer(nth => ({status: 200, body: JSON.stringify({nth}), headers: {'request-id': `r${nth}`, 'set-cookie': 'a=1'}}));
	t.teardown(() => stop(counted.server));
	const send = createHttpClient();
	for (let index = 1; index <= 5; index++) {
		const reply = await send(`${counted.url}/v1.0/organization`, {headers: {authorization: 'Bearer x'}});
		t.true(reply.ok);
		t.is(reply.status, 200);
		t.is(reply.headers.get('Request-Id'), `r${index}`);
		t.deepEqual(JSON.parse(await reply.text()), {nth: index});
	}
	t.is(counted.requests(), 5);
	t.is(counted.connections(), 1, 'one connection for five requests in a row');
});

test('a kept-alive connection the server drops is retried once on a new one, not failed', async t => {
	// The second request on any connection is cut off, as a server closing an idle connection does.
	const counted = await countingServer(nth => (nth === 2 ? 'drop' : {status: 200, body: '{"ok":true}'}));
	t.teardown(() => stop(counted.server));
	const send = createHttpClient();
	t.is((await send(`${counted.url}/a`)).status, 200);
	const again = await send(`${counted.url}/b`, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}, body: 'grant_type=refresh_token'});
	t.is(again.status, 200);
	t.is(counted.requests(), 3);
	t.is(counted.connections(), 2);
});

test('a refused connection fails as fetch does, and Graph says which service could not be reached', async t => {
	const counted = await countingServer(() => ({status: 200, body: '{}'}));
	const {url} = counted;
	await stop(counted.server);
	const error = await t.throwsAsync(createHttpClient()(`${url}/v1.0/organization`));
	t.true(error instanceof TypeError);
	t.is((error!.cause as NodeJS.ErrnoException).code, 'ECONNREFUSED');
	const graph = createGraphClient({baseUrl: url, token: async () => 'x', maxRetries: 0, fetch: createHttpClient()});
	const failure = await t.throwsAsync(graph.get('/organization'), {instanceOf: TenantdeckError});
	t.is(failure!.message, 'Could not connect to Microsoft Graph (ECONNREFUSED).');
});

test('an abort ends a waiting request at once with the signal\'s reason, and Graph\'s timeout says how long it waited', async t => {
	const counted = await countingServer(() => ({status: 200, body: '{}'}));
	t.teardown(() => stop(counted.server));
	// A server that never answers /slow.
	counted.server.removeAllListeners('request');
	counted.server.on('request', () => {});
	const stopper = new AbortController();
	const pending = createHttpClient()(`${counted.url}/slow`, {signal: stopper.signal});
	stopper.abort(new Error('user pressed Esc'));
	t.is((await t.throwsAsync(pending))!.message, 'user pressed Esc');
	const graph = createGraphClient({baseUrl: counted.url, token: async () => 'x', timeoutMs: 200, maxRetries: 0, fetch: createHttpClient()});
	const timedOut = await t.throwsAsync(graph.get('/slow'), {instanceOf: TenantdeckError});
	t.is(timedOut!.kind, 'timeout');
});

// Serial: it counts the process's armed timers, and the file's other tests (run concurrently) arm their own.
test.serial('timeoutMs fails a request that gets no answer, and a request answered in time leaves no timer behind', async t => {
	const counted = await countingServer(() => ({status: 200, body: '{}'}));
	t.teardown(() => stop(counted.server));
	const send = createHttpClient();
	const timers = () => process.getActiveResourcesInfo().filter(kind => kind === 'Timeout').length;
	const before = timers();
	// A 30 s deadline on each of 50 answered requests: none may stay armed (each would hold the process open).
	for (let index = 0; index < 50; index++) t.true((await send(`${counted.url}/quick`, {timeoutMs: 30_000})).ok);
	t.is(timers(), before);
	counted.server.removeAllListeners('request');
	counted.server.on('request', () => {});
	const error = await t.throwsAsync(send(`${counted.url}/never`, {timeoutMs: 150}), {instanceOf: RequestTimeout});
	t.is(error!.timeoutMs, 150);
	t.is(timers(), before);
});

test('asks for compressed answers as fetch does and reads a gzip one as text', async t => {
	let asked: string | undefined;
	const server = createServer((request, response) => {
		asked = request.headers['accept-encoding'];
		response.writeHead(200, {'content-type': 'application/json', 'content-encoding': 'gzip'}).end(gzipSync(JSON.stringify({value: ['Åsa', '日本']})));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	t.teardown(() => stop(server));
	const reply = await createHttpClient()(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0/users`);
	t.regex(asked ?? '', /gzip/);
	t.deepEqual(JSON.parse(await reply.text()), {value: ['Åsa', '日本']});
});

test('small compressed answers (decoded on the spot) and large ones (on the thread pool) read alike; a corrupt one fails as fetch does', async t => {
	// Random names so the large page stays large once compressed (over the 32 KB decoded on the spot).
	const users = Array.from({length: 999}, (_, index) => ({id: `u-${index}`, displayName: `Ünïcode 日本 ${index} ${randomBytes(40).toString('base64')}`}));
	const answers: Record<string, {encoding: string; body: Buffer}> = {
		'/small-gzip': {encoding: 'gzip', body: gzipSync(JSON.stringify({value: users.slice(0, 3)}))},
		'/small-br': {encoding: 'br', body: brotliCompressSync(JSON.stringify({value: users.slice(0, 3)}))},
		'/large-gzip': {encoding: 'gzip', body: gzipSync(JSON.stringify({value: users}))},
		'/large-br': {encoding: 'br', body: brotliCompressSync(JSON.stringify({value: users}))},
		'/corrupt': {encoding: 'gzip', body: Buffer.from('this is not gzip')},
	};
	const server = createServer((request, response) => {
		const answer = answers[request.url ?? '']!;
		response.writeHead(200, {'content-type': 'application/json', 'content-encoding': answer.encoding}).end(answer.body);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	t.teardown(() => stop(server));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	t.true(answers['/large-gzip']!.body.length > 32 * 1024 && answers['/large-br']!.body.length > 32 * 1024, 'the large pages take the thread-pool path');
	const send = createHttpClient();
	for (const path of ['/small-gzip', '/small-br']) t.deepEqual(JSON.parse(await (await send(base + path)).text()), {value: users.slice(0, 3)}, path);
	for (const path of ['/large-gzip', '/large-br']) t.deepEqual(JSON.parse(await (await send(base + path)).text()), {value: users}, path);
	const error = await t.throwsAsync(send(`${base}/corrupt`), {instanceOf: TypeError, message: 'fetch failed'});
	t.regex(String((error?.cause as Error | undefined)?.message), /header check|incorrect/i);
});
