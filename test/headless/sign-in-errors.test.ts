// Every refusal a partner meets on day one has its own sentence and next step, through the real
// MSAL against the sandbox (headless here, the console below), and so does a dead network.
import test from 'ava';
import {exitCodes} from '../../source/core/exit-codes.js';
import {createServer} from 'node:net';
import {startSandbox} from '../../source/sandbox/server.js';
import {SIGN_IN_ERRORS} from '../../source/sandbox/sign-in-errors.js';
import {startConsole} from '../../source/app/start.js';
import {resetTeardownForTests} from '../../source/core/teardown.js';
import {FakeKeyboard} from '../fakes/keyboard.js';
import {FakeTerminal} from '../fakes/terminal.js';
import {capturedStreams, headless, tempEnv} from '../helpers/headless.js';
import {runHeadless} from '../../source/headless/main.js';

/** What each refusal must say (its own words) and tell the partner to do. */
const expected: Record<keyof typeof SIGN_IN_ERRORS, [RegExp, RegExp]> = {
	'consent': [/not consented in your partner tenant \(AADSTS65001\)/, /Grant admin consent/],
	'mfa': [/Multi-factor authentication is required \(AADSTS50076\)/, /complete the MFA prompt/],
	'mfa-registration': [/register for multi-factor authentication first \(AADSTS50079\)/, /aka\.ms\/mfasetup/],
	'conditional-access': [/Conditional Access blocked this sign-in \(AADSTS53003\)/, /exclude the admins who run tenantdeck/],
	'public-client-disabled': [/does not allow public client flows.*\(AADSTS7000218\)/, /"Allow public client flows" to Yes/],
	'app-not-found': [/app registration was not found in your tenant \(AADSTS700016\)/, /Application \(client\) ID/],
	'service-principal-missing': [/lacks a service the app asks for.*\(AADSTS650052\)/, /Remove that API permission/],
	'user-not-in-tenant': [/does not exist in the tenant you signed in to \(AADSTS90072\)/, /account of your partner tenant/],
};

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise(resolve => server.close(resolve));
	return port;
}

for (const [name, [message, next]] of Object.entries(expected)) {
	test(`login refused with ${name}: its own sentence and next step, exit 4`, async t => {
		const sandbox = await startSandbox({tenants: 1, deviceCodeIntervalSec: 0, signInError: name as keyof typeof SIGN_IN_ERRORS});
		t.teardown(() => sandbox.stop());
		const result = await headless(['login', '--sandbox-url', sandbox.url], await tempEnv());
		t.is(result.code, 4, result.stderr);
		const line = result.stderr.split('\n').find(text => text.startsWith('tenantdeck:')) ?? '';
		t.regex(line, message);
		t.regex(line, next);
	});
}

test('every mapped refusal reads differently', t => {
	const sentences = Object.values(expected).map(([message]) => message.source);
	t.is(new Set(sentences).size, Object.keys(SIGN_IN_ERRORS).length);
});

test('a device code that expires before approval says so', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 1, pendingPolls: 1_000_000, deviceCodeLifetimeSec: 1});
	t.teardown(() => sandbox.stop());
	const result = await headless(['login', '--sandbox-url', sandbox.url], await tempEnv());
	t.is(result.code, 4);
	t.regex(result.stderr, /The sign-in code expired before you entered it\. Run "tenantdeck login" again/);
});

test('a dead network says which service could not be reached and how, with exit 6 (try later), not 1 (a bug)', async t => {
	const port = await closedPort();
	const refused = await headless(['login', '--sandbox-url', `http://127.0.0.1:${port}`], await tempEnv());
	t.is(refused.code, exitCodes.unreachable, refused.stderr);
	t.regex(refused.stderr, /Could not connect to Microsoft's sign-in service \(login\.microsoftonline\.com\) \(ECONNREFUSED\)\. Check your network connection, VPN or firewall\./);
	const dns = await headless(['login', '--sandbox-url', 'http://tenantdeck-sandbox.invalid:7357'], await tempEnv());
	t.regex(dns.stderr, /Could not find Microsoft's sign-in service \(login\.microsoftonline\.com\): the DNS lookup failed \((ENOTFOUND|EAI_AGAIN)\)/);
	t.is(dns.code, exitCodes.unreachable);
	const run = await headless(['run', '--sandbox-url', `http://127.0.0.1:${port}`, '--op', 'tenant-info', '--tenants', 'all'], await tempEnv());
	t.is(run.code, exitCodes.unreachable, run.stderr);
});

/** A stand-in corporate proxy that notes each request line (a CONNECT names the host) and hangs up. */
async function notingProxy(t: import('ava').ExecutionContext): Promise<{url: string; seen: string[]; connected: Promise<void>}> {
	const seen: string[] = [];
	let connected!: () => void;
	const first = new Promise<void>(resolve => (connected = resolve));
	const server = createServer(socket => socket.once('data', chunk => {
		seen.push(String(chunk).split('\r\n')[0] ?? '');
		connected();
		socket.destroy();
	}));
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	t.teardown(() => new Promise<void>(resolve => server.close(() => resolve())));
	return {url: `http://127.0.0.1:${(server.address() as {port: number}).port}`, seen, connected: first};
}

test('a real cloud with nobody signed in and no terminal (cron) exits 4 at once, saying to log in first; with a terminal it goes on to sign in', async t => {
	const proxy = await notingProxy(t);
	const env = await tempEnv({TENANTDECK_CLIENT_ID: '00000000-0000-0000-0000-00000000c0de', HTTPS_PROXY: proxy.url});
	const cron = await headless(['run', '--op', 'tenant-info', '--tenants', 'all'], env);
	t.is(cron.code, exitCodes.signIn, cron.stderr);
	t.regex(cron.stderr, /Not signed in, and there is no terminal to show a sign-in code on\./);
	t.regex(cron.stderr, /Run `tenantdeck login` once in a terminal/);
	t.deepEqual(proxy.seen, [], 'no sign-in was started');

	// The same command at a terminal starts the sign-in (here it reaches the proxy, then is stopped).
	const {stdout, stderr} = capturedStreams();
	Object.assign(stderr, {isTTY: true});
	const stop = new AbortController();
	const atTerminal = runHeadless('run', ['--op', 'tenant-info', '--tenants', 'all'], {stdout, stderr, env, interrupted: stop.signal});
	await proxy.connected;
	stop.abort();
	await atTerminal;
	t.regex(proxy.seen[0] ?? '', /^CONNECT login\.microsoftonline\.com:443 /);
});

async function consoleShows(t: import('ava').ExecutionContext, sandboxUrl: string, wanted: RegExp): Promise<void> {
	t.teardown(() => resetTeardownForTests());
	const stdout = new FakeTerminal(120);
	const stdin = new FakeKeyboard();
	// The C locale, said outright: the console then writes ASCII (’ as ', — as -), as the patterns here
	// are written, whatever locale the machine running the suite has.
	const exited = startConsole({sandboxUrl, env: await tempEnv({LANG: 'C'}), stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream});
	// eslint-disable-next-line no-control-regex
	const plain = () => stdout.output.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '').replace(/\s+/g, ' ');
	for (let waited = 0; !wanted.test(plain()) && waited < 60_000; waited += 50) await new Promise(resolve => setTimeout(resolve, 50));
	t.regex(plain(), wanted);
	stdin.press('q');
	await exited;
}

for (const [name, [message]] of Object.entries(expected)) {
	test.serial(`the console shows a sign-in refused with ${name} in its own sentence`, async t => {
		const sandbox = await startSandbox({tenants: 1, deviceCodeIntervalSec: 0, signInError: name as keyof typeof SIGN_IN_ERRORS});
		t.teardown(() => sandbox.stop());
		await consoleShows(t, sandbox.url, message);
	});
}

test.serial('the console shows a dead network with its own sentence', async t => {
	await consoleShows(t, `http://127.0.0.1:${await closedPort()}`, /Could not connect to Microsoft's sign-in service/);
});
