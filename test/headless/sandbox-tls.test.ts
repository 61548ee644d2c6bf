// The product's own adapters against `tenantdeck sandbox --tls`: MSAL and Graph trust the local CA
// explicitly (no NODE_EXTRA_CA_CERTS, no verification switched off), and the Exchange module in
// PowerShell trusts it through SSL_CERT_FILE. Without the CA the same run fails on the certificate.
import test from 'ava';
import {runSandboxCommand} from '../../source/sandbox/cli.js';
import {sandboxArgs} from '../sandbox/tls-helpers.js';
import {openConnection} from '../../source/adapters/connection.js';
import {headless, tempEnv} from '../helpers/headless.js';
import {testWithPowerShell} from '../helpers/powershell.js';

async function tlsSandbox(t: {teardown(fn: () => unknown): void}, env: NodeJS.ProcessEnv, extra: string[] = []): Promise<string> {
	const stop = new AbortController();
	let ready!: (url: string) => void;
	const listening = new Promise<string>(resolve => (ready = resolve));
	const running = runSandboxCommand(await sandboxArgs(['--tls', '--port', '0', '--tenants', '3', '--device-code-interval-sec', '0', ...extra]), {write: () => undefined, env, signal: stop.signal, onReady: ready});
	t.teardown(async () => {
		stop.abort();
		await running;
	});
	return listening;
}

test('run --sandbox-url https://… signs in and reads Graph over the sandbox CA', async t => {
	const env = await tempEnv();
	const url = await tlsSandbox(t, env);
	const result = await headless(['run', '--sandbox-url', url, '--op', 'users-list', '--tenants', 'all', '--format', 'json'], env);
	t.is(result.code, 0, result.stderr);
	const rows = JSON.parse(result.stdout) as Array<{tenantId: string}>;
	t.is(new Set(rows.map(row => row.tenantId)).size, 3);
});

test('without the sandbox CA the https sandbox is refused, not trusted blindly', async t => {
	const env = await tempEnv();
	const url = await tlsSandbox(t, env);
	// Another user's folders: no ca.pem there, and nothing else trusts the sandbox's CA.
	const stranger = await tempEnv();
	const result = await headless(['run', '--sandbox-url', url, '--op', 'users-list', '--tenants', 'all', '--format', 'json', '--quiet'], stranger);
	t.not(result.code, 0);
	t.is(result.stdout.trim(), '');
	t.regex(result.stderr, /serves https, but this user has no sandbox CA to trust it with/);
	t.regex(result.stderr, /NODE_EXTRA_CA_CERTS/);
	// Pointing NODE_EXTRA_CA_CERTS at a certificate that is not the sandbox's gets past that check, and the handshake still refuses.
	const wrong = await headless(['run', '--sandbox-url', url, '--op', 'users-list', '--tenants', 'all', '--format', 'json', '--quiet'], {...stranger, NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem'});
	t.not(wrong.code, 0);
	t.is(wrong.stdout.trim(), '');
});

test('the console connection with --sandbox --tls serves https and its adapters use it', async t => {
	const env = await tempEnv();
	const connection = await openConnection({sandbox: true, tls: true, env});
	t.teardown(() => connection.close());
	t.regex(connection.cloud.sandboxUrl!, /^https:\/\/127\.0\.0\.1:\d+$/);
	const account = await connection.auth.signIn({onCode: () => undefined});
	t.truthy(account.username);
	const organization = await connection.graph.get<{value: Array<{id: string}>}>('/v1.0/organization');
	t.is(organization.value.length, 1);
});

testWithPowerShell('an Exchange operation runs over https, PowerShell trusting the CA through SSL_CERT_FILE', async t => {
	const env = await tempEnv();
	const url = await tlsSandbox(t, env);
	const world = (await headless(['tenants', '--sandbox-url', url, '--format', 'json'], env));
	t.is(world.code, 0, world.stderr);
	const tenant = (JSON.parse(world.stdout) as Array<{tenantId: string}>)[0]!;
	const result = await headless(['run', '--sandbox-url', url, '--op', 'mailboxes-list', '--tenants', tenant.tenantId, '--format', 'json', '--quiet'], env);
	t.is(result.code, 0, result.stderr);
	const rows = JSON.parse(result.stdout) as Array<{primarySmtpAddress: string}>;
	t.true(rows.length > 0);
	t.true(rows.every(row => row.primarySmtpAddress.includes('@')));
});
