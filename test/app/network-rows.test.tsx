// A dead network during a run is named as a network failure in the tenant's row: the real Graph
// client against a loopback server that drops every connection (and a port nobody listens on),
// through the real runner, drawn by the run screen. (Not port 9: fetch refuses it as a "bad port"
// before any connection, which says nothing about the network.)

import test from 'ava';
import {createServer} from 'node:net';
import type {AddressInfo} from 'node:net';
import {createGraphClient} from '../../source/adapters/graph/graph-client.js';
import {startRun} from '../../source/core/runner.js';
import type {RunEvent} from '../../source/core/run-events.js';
import {usersList} from '../../source/core/operations/users-list.js';
import {unexpectedExchange} from '../fakes/ports.js';
import {given, stateWith, tenants} from './fixtures.js';
import {show} from './show.js';

async function droppingServer(t: {teardown(fn: () => void): void}): Promise<string> {
	const server = createServer(socket => socket.destroy());
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	t.teardown(() => server.close());
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A loopback port that was free a moment ago and has nobody listening now. */
async function closedPort(): Promise<string> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return `http://127.0.0.1:${port}`;
}

async function failedRows(baseUrl: string) {
	const list = tenants(3);
	const events: RunEvent[] = [];
	const graph = createGraphClient({baseUrl, token: async () => 'token', maxRetries: 1});
	const summary = await startRun({operation: usersList, params: {}, tenants: list, graph, exchange: unexpectedExchange, concurrency: 3, onEvent: event => events.push(event)}).done;
	return {list, events, summary};
}

for (const [name, url] of [['drops every connection', droppingServer], ['is not listening', closedPort]] as const) {
	test.serial(`a Graph that ${name}: every row says the network failed and what to check`, async t => {
		const {list, events, summary} = await failedRows(await url(t));
		t.is(summary.failed, 3);
		const failures = events.flatMap(event => (event.type === 'failed' ? [event.failure] : []));
		for (const failure of failures) {
			t.regex(failure.message, /Could not (connect to|reach) Microsoft Graph \((ECONNRESET|ECONNREFUSED|UND_ERR_SOCKET)\)/);
			t.regex(failure.hint ?? '', /network connection/);
		}
		const state = stateWith(given({screen: 'run', operation: usersList}), {type: 'run', action: {type: 'run-started', generation: 1, operationId: usersList.id, title: usersList.title, tenants: list, at: Date.now()}}, {type: 'run', action: {type: 'run-events', generation: 1, events}});
		const screen = show(t, state, {width: 120, height: 29});
		t.regex(screen.frame(), /Customer 0000 +failed .*Could not (connect to|reach) Microsoft Graph/);
		t.notRegex(screen.frame(), /app registration/i);
		screen.unmount();
	});
}
