// `npm test`'s runner (scripts/test.mjs) over small suites that crash in every way a test file can:
// an exception while loading, an uncaught exception, process.exit(), and a hang past ava's
// inactivity timeout. Each is a counted failure naming its file or test, the other files still run,
// and the exit code is not 0 — the summary line CI prints can never read green over a crash.

import test from 'ava';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function runner(config: string): Promise<{code: number | null; lines: string[]}> {
	const child = spawn(process.execPath, ['scripts/test.mjs', '--config', `test/suites/crashing/${config}`], {cwd: root, stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	const [code] = (await once(child, 'close')) as [number | null];
	return {code, lines: output.split('\n')};
}

test('crashes while loading, in a timer and by process.exit() are failures; the other files still run; exit 1', async t => {
	const {code, lines} = await runner('ava.config.mjs');
	const text = lines.join('\n');
	t.is(code, 1, text);
	t.is(lines.filter(line => /^\d+ passed, \d+ failed/.test(line)).at(-1), '4 passed, 5 failed', text);
	// process.exit() is reported against the test that called it (ava's TAP reporter would crash here).
	t.true(lines.some(line => /^not ok \d+ - exits\.fixture › calls process\.exit$/.test(line)), text);
	t.true(lines.some(line => line === 'crashed: test/suites/crashing/load.fixture.mjs (its remaining tests did not run)'), text);
	t.true(lines.some(line => line === 'crashed: test/suites/crashing/uncaught.fixture.mjs (its remaining tests did not run)'), text);
	for (const title of ['passes.fixture › passes', 'passes.fixture › passes too', 'uncaught.fixture › passes before the crash', 'exits.fixture › passes first']) {
		t.true(lines.some(line => new RegExp(`^ok \\d+ - ${title}$`).test(line)), `${title} ran:\n${text}`);
	}
	t.false(lines.some(line => line.startsWith('incomplete:')), text);
	t.notRegex(text, /TypeError/);
});

test('a test that never settles is failed by the inactivity timeout and named; exit 1', async t => {
	const {code, lines} = await runner('hang.config.mjs');
	const text = lines.join('\n');
	t.is(code, 1, text);
	t.is(lines.filter(line => /^\d+ passed, \d+ failed/.test(line)).at(-1), '1 passed, 1 failed', text);
	t.true(lines.some(line => /^not ok \d+ - never settles$/.test(line)), text);
	t.regex(text, /no new tests completed within the last 15000ms/);
	t.notRegex(text, /TypeError/);
});
