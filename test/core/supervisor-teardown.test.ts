// Teardown: cleanups run once, in reverse order, each guarded; signals and crashes in a real child
// process reach them and exit with 128+signal (or 1 for a crash).

import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {isShuttingDown, registerCleanup, resetTeardownForTests, runCleanups} from '../../source/core/teardown.js';

test.serial('cleanups run once, newest first, and one failing does not stop the rest', async t => {
	resetTeardownForTests();
	const order: string[] = [];
	registerCleanup(() => order.push('supervisor'));
	registerCleanup(() => {
		throw new Error('screen already gone');
	});
	const unregister = registerCleanup(() => order.push('never'));
	registerCleanup(async () => order.push('run folder'));
	unregister();
	t.false(isShuttingDown());
	const first = runCleanups();
	t.is(runCleanups(), first);
	t.true(isShuttingDown());
	await first;
	t.deepEqual(order, ['run folder', 'supervisor']);
	resetTeardownForTests();
});

const teardownModule = fileURLToPath(new URL('../../source/core/teardown.ts', import.meta.url));

async function child(t: {teardown(fn: () => void): void}, body: string) {
	const folder = await mkdtemp(join(tmpdir(), 'tenantdeck-teardown-'));
	const script = join(folder, 'child.mts');
	await writeFile(
		script,
		[
			`import {installTeardown, registerCleanup} from ${JSON.stringify(teardownModule)};`,
			'installTeardown({hardLimitMs: 3000});',
			"registerCleanup(async () => { await new Promise(resolve => setTimeout(resolve, 50)); process.stdout.write('cleaned\\n'); });",
			'setInterval(() => undefined, 1000);',
			"process.stdout.write('ready\\n');",
			body,
		].join('\n'),
	);
	const process_ = spawn(process.execPath, ['--import=tsx', script], {stdio: ['ignore', 'pipe', 'pipe']});
	t.teardown(() => process_.kill('SIGKILL'));
	let output = '';
	process_.stdout.setEncoding('utf8');
	const ready = new Promise<void>(resolve => {
		process_.stdout.on('data', (chunk: string) => {
			output += chunk;
			if (output.includes('ready')) resolve();
		});
	});
	// 'close', not 'exit': "cleaned" is written just before the exit and may still be in the pipe.
	const exited = once(process_, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
	return {process: process_, ready, exited, output: () => output};
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
	test(`${signal} runs the cleanups and exits with ${code}`, async t => {
		const subject = await child(t, '');
		await subject.ready;
		subject.process.kill(signal);
		const [exitCode] = await subject.exited;
		t.is(exitCode, code);
		t.regex(subject.output(), /cleaned/);
	});
}

test('an uncaught error runs the cleanups and exits with 1', async t => {
	const subject = await child(t, "setTimeout(() => { throw new Error('boom'); }, 10);");
	const [exitCode] = await subject.exited;
	t.is(exitCode, 1);
	t.regex(subject.output(), /cleaned/);
});

test('an unhandled rejection runs the cleanups and exits with 1', async t => {
	const subject = await child(t, "setTimeout(() => { void Promise.reject(new Error('lost')); }, 10);");
	const [exitCode] = await subject.exited;
	t.is(exitCode, 1);
	t.regex(subject.output(), /cleaned/);
});
