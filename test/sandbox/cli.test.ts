import test from 'ava';
import {parseSandboxArgs, runSandboxCommand, sandboxUsage} from '../../source/sandbox/cli.js';

test('every knob has a kebab-case flag', t => {
	const parsed = parseSandboxArgs(['--port', '0', '--tenants=100', '--latency-ms', '40', '--rate429', '0.5', '--forbidden-tenants', 'a.example,b.example', '--sign-in-error', 'consent', '--exchange-max-connections', '2']);
	t.is(parsed.port, 0);
	t.deepEqual(parsed.knobs, {tenants: 100, latencyMs: 40, rate429: 0.5, forbiddenTenants: ['a.example', 'b.example'], signInError: 'consent', exchangeMaxConnections: 2});
});

test('--tls is a switch, off by default, and the usage explains it', t => {
	t.false(parseSandboxArgs([]).tls);
	t.true(parseSandboxArgs(['--tls', '--port', '0']).tls);
	t.is(parseSandboxArgs(['--tls', '--port', '0']).port, 0);
	t.regex(sandboxUsage(), /--tls +serve https/);
});

test('bad flags give a one-line error', t => {
	t.throws(() => parseSandboxArgs(['--tenants', '0']), {message: /^Invalid value for --tenants: /});
	t.throws(() => parseSandboxArgs(['--wat']), {message: /^Unknown option --wat/});
	t.throws(() => parseSandboxArgs(['--latency-ms']), {message: /needs a value/});
	t.throws(() => parseSandboxArgs(['--port', 'x']), {message: /--port/});
	t.throws(() => parseSandboxArgs(['--sign-in-error', 'maybe']), {message: /--sign-in-error/});
	for (const message of ['--wat', '--tenants=0'].map(flag => t.throws(() => parseSandboxArgs([flag]))!.message)) t.false(message.includes('\n'));
});

test('runs until stopped, printing its URL and how to use it', async t => {
	const lines: string[] = [];
	const stop = new AbortController();
	let ready!: (url: string) => void;
	const listening = new Promise<string>(resolve => (ready = resolve));
	const running = runSandboxCommand(['--port', '0', '--tenants', '3'], {write: line => lines.push(line), env: {}, signal: stop.signal, onReady: ready});
	const url = await listening;
	t.regex(lines[0], /^tenantdeck sandbox running at http:\/\/127\.0\.0\.1:\d+ \(3 customers\)$/);
	t.true(lines[1].includes(`--sandbox-url ${url}`));
	const world = await (await fetch(`${url}/_sandbox/world`)).json();
	t.is(world.customers.length, 3);
	stop.abort();
	await running;
	await t.throwsAsync(fetch(`${url}/_sandbox/world`));
	t.is(lines.at(-1), 'tenantdeck sandbox stopped.');
});
