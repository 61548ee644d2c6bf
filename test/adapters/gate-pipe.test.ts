// A call's gate (gate-pipe.ts): the go reaches only the script that knows the call's key, once; a
// withdrawn go closes the pipe without a word. Talked to here as the turn's script does (key, newline,
// read to the end), over the same kind of pipe.

import {existsSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import net from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import {GatePipe} from '../../source/adapters/powershell/gate-pipe.js';

const address = (gate: GatePipe) => (process.platform === 'win32' ? `\\\\.\\pipe\\${gate.name}` : gate.name);

/**
 * What a client that says `key` reads before the pipe closes. Failing to connect rejects; a reset
 * after connecting (a dropped stranger, on some systems) is the pipe closing without a word.
 */
function knock(gate: GatePipe, key: string): Promise<string> {
	return new Promise((resolve, reject) => {
		let connected = false;
		const socket = net.connect(address(gate), () => {
			connected = true;
			socket.write(`${key}\n`);
		});
		let heard = '';
		socket.on('data', chunk => (heard += chunk.toString('utf8')));
		socket.on('close', () => resolve(heard));
		socket.on('error', error => !connected && reject(error));
	});
}

async function folder(t: {teardown(fn: () => unknown): void}): Promise<string> {
	const made = await mkdtemp(join(tmpdir(), 'tenantdeck-gate-test-'));
	t.teardown(() => rm(made, {recursive: true, force: true}));
	return made;
}

test('the go reaches only the client that sends the call key, and only once', async t => {
	let asked = 0;
	let open!: () => void;
	const slotFree = new Promise<void>(resolve => (open = resolve));
	let heardKey!: () => void;
	const keyHeard = new Promise<void>(resolve => (heardKey = resolve));
	const gate = await GatePipe.open(await folder(t), async () => {
		asked++;
		heardKey();
		await slotFree;
		return 'token-for-t1';
	});
	t.teardown(() => gate.close());
	// Another local user who found the pipe: dropped without a word, and the go is not spent on them.
	t.is(await knock(gate, 'f'.repeat(gate.key.length)), '');
	t.is(await knock(gate, 'not a key at all'), '');
	t.is(asked, 0);
	let answered = false;
	const waiting = knock(gate, gate.key).then(text => ((answered = true), text));
	// The client with the key waits: nothing comes until the go.
	await keyHeard;
	await new Promise(resolve => setImmediate(resolve));
	t.false(answered);
	open();
	t.is(await waiting, 'token-for-t1');
	t.is(asked, 1);
	// A second client with the key (a replay) gets nothing: the gate opens once.
	t.is(await knock(gate, gate.key), '');
	t.is(asked, 1);
});

test('a withdrawn go closes the pipe without a word, and close() removes the pipe', async t => {
	const gate = await GatePipe.open(await folder(t), async () => {
		throw new Error('cancelled while waiting for a slot');
	});
	t.is(await knock(gate, gate.key), '');
	await gate.close();
	if (process.platform !== 'win32') t.false(existsSync(gate.name));
	await t.throwsAsync(knock(gate, gate.key));
});
