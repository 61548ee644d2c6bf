// startConsole end to end on fake terminal streams: the alternate screen is entered and left,
// q and a signal both end it through shutdown, with the right exit code.

import test from 'ava';
import {startConsole} from '../../source/app/start.js';
import {FakeKeyboard} from '../fakes/keyboard.js';
import {FakeTerminal} from '../fakes/terminal.js';
import {fakeConsoleDeps} from './fake-deps.js';

async function console(t: import('ava').ExecutionContext, interrupted?: AbortSignal) {
	const {deps, closed, listed} = await fakeConsoleDeps(t, 3);
	const stdout = new FakeTerminal();
	const stdin = new FakeKeyboard();
	const exited = startConsole({sandbox: true, env: {LANG: 'C'}, deps, interrupted, stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream});
	while (!listed()) await new Promise(resolve => setTimeout(resolve, 10));
	await new Promise(resolve => setTimeout(resolve, 100));
	return {stdout, stdin, exited, closed};
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
