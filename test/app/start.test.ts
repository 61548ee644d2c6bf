// startConsole end to end on fake terminal streams: the alternate screen is entered and left,
// q and a signal both end it through shutdown, with the right exit code.

import test from 'ava';
import {EventEmitter} from 'node:events';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {productionDeps, type ControllerDeps} from '../../source/app/controller-deps.js';
import {startConsole} from '../../source/app/start.js';
import {resetTeardownForTests} from '../../source/core/teardown.js';
import {unexpectedExchange, unexpectedGraph} from '../fakes/ports.js';
import {readOp, tenants} from './fixtures.js';
import {FakeKeyboard} from '../fakes/keyboard.js';

class FakeTerminal extends EventEmitter {
	readonly isTTY = true;
	readonly columns = 100;
	readonly rows = 30;
	output = '';
	write(chunk: string | Uint8Array): boolean {
		this.output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
		return true;
	}
}


async function console(t: import('ava').ExecutionContext, interrupted?: AbortSignal) {
	const root = await mkdtemp(join(tmpdir(), 'tenantdeck-start-'));
	const folders = {config: join(root, 'config'), state: join(root, 'state'), cache: join(root, 'cache')};
	let listed = false;
	let closed = 0;
	const account = {username: 'ann@partner.com', homeTenantId: 'p'};
	const deps: ControllerDeps = {
		...productionDeps(),
		operations: async () => ({operations: [readOp], problems: []}),
		folders: () => folders,
		openConnection: async () => ({
			cloud: {kind: 'sandbox' as const}, folders,
			auth: {signIn: async () => account, account: async () => account, token: async () => 'x', signOut: async () => {}},
			graph: unexpectedGraph,
			exchange: unexpectedExchange,
			close: async () => {
				closed++;
			},
		}),
		loadTenants: async () => {
			listed = true;
			return tenants(3);
		},
	};
	const stdout = new FakeTerminal();
	const stdin = new FakeKeyboard();
	const exited = startConsole({sandbox: true, env: {}, deps, interrupted, stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream});
	t.teardown(async () => {
		resetTeardownForTests();
		await rm(root, {recursive: true, force: true});
	});
	while (!listed) await new Promise(resolve => setTimeout(resolve, 10));
	await new Promise(resolve => setTimeout(resolve, 100));
	return {stdout, stdin, exited, closed: () => closed};
}

test.serial('q leaves through shutdown: alternate screen entered first and left last, exit 0', async t => {
	const {stdout, stdin, exited, closed} = await console(t);
	stdin.press('q');
	t.is(await exited, 0);
	t.is(closed(), 1);
	t.true(stdout.output.startsWith('\u001B[?1049h'));
	t.true(stdout.output.endsWith('\u001B[?1049l\u001B[?25h'));
});

test.serial('a signal (SIGTERM, SIGHUP via the composition root) ends it with 130 after closing', async t => {
	const interrupt = new AbortController();
	const {exited, closed} = await console(t, interrupt.signal);
	interrupt.abort();
	t.is(await exited, 130);
	t.is(closed(), 1);
});

test.serial('a terminal that goes away (EIO) is treated as the signal', async t => {
	const {stdout, exited, closed} = await console(t);
	stdout.emit('error', Object.assign(new Error('write EIO'), {code: 'EIO'}));
	t.is(await exited, 130);
	t.is(closed(), 1);
	t.false(stdout.output.endsWith('\u001B[?1049l\u001B[?25h'), 'nothing is written to a terminal that is gone');
});
