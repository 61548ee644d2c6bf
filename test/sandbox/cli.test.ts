import test from 'ava';
import {parseVerb, verbHelp} from '../../source/headless/args.js';
import {runSandboxCommand, sandboxSettings} from '../../source/sandbox/cli.js';

const settingsOf = async (argv: string[]) => sandboxSettings((await parseVerb('sandbox', argv)).values);

test('every knob has a kebab-case flag', async t => {
	const parsed = await settingsOf(['--port', '0', '--tenants=100', '--latency-ms', '40', '--rate429', '0.5', '--forbidden-tenants', 'a.example,b.example', '--sign-in-error', 'consent', '--exchange-max-connections', '2']);
	t.is(parsed.port, 0);
	t.deepEqual(parsed.knobs, {tenants: 100, latencyMs: 40, rate429: 0.5, forbiddenTenants: ['a.example', 'b.example'], signInError: 'consent', exchangeMaxConnections: 2});
});

test('--tls is a switch, off by default, and the help explains it', async t => {
	t.false((await settingsOf([])).tls);
	t.true((await settingsOf(['--tls', '--port', '0'])).tls);
	t.is((await settingsOf(['--tls', '--port', '0'])).port, 0);
	t.regex(await verbHelp('sandbox'), /--tls +serve https/);
});

test('bad flags give a one-line error', async t => {
	await t.throwsAsync(settingsOf(['--tenants', '0']), {message: /^Invalid value for --tenants: /});
	await t.throwsAsync(settingsOf(['--wat']), {message: /^sandbox: unknown flag --wat\./});
	await t.throwsAsync(settingsOf(['--latency-ms']), {message: /^sandbox: --latency-ms needs a value/});
	await t.throwsAsync(settingsOf(['--port', 'x']), {message: /--port/});
	await t.throwsAsync(settingsOf(['--sign-in-error', 'maybe']), {message: /--sign-in-error/});
	for (const flag of ['--wat', '--tenants=0']) {
		const error = await t.throwsAsync(settingsOf([flag]));
		t.false(error!.message.includes('\n'));
	}
});

test('runs until its signal aborts, printing its URL and how to use it', async t => {
	const lines: string[] = [];
	const stop = new AbortController();
	let ready!: (url: string) => void;
	const listening = new Promise<string>(resolve => (ready = resolve));
	const running = runSandboxCommand(await settingsOf(['--port', '0', '--tenants', '3']), {write: line => lines.push(line), env: {}, signal: stop.signal, onReady: ready});
	const url = await listening;
	t.regex(lines[0]!, /^tenantdeck sandbox running at http:\/\/127\.0\.0\.1:\d+ \(3 customers\)$/);
	t.true(lines[1]!.includes(`--sandbox-url ${url}`));
	const world = await (await fetch(`${url}/_sandbox/world`)).json();
	t.is(world.customers.length, 3);
	stop.abort();
	await running;
	await t.throwsAsync(fetch(`${url}/_sandbox/world`));
	t.is(lines.at(-1), 'tenantdeck sandbox stopped.');
});
