// `tenantdeck sandbox --tls`: the certificate it makes on first use, what it prints, and that a
// client trusting the printed CA (and only such a client) reaches discovery — the readme's commands.
import {execFile} from 'node:child_process';
import {X509Certificate} from 'node:crypto';
import {mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {runSandboxCommand} from '../../source/sandbox/cli.js';
import {sandboxArgs} from './tls-helpers.js';
import {loadSandboxTls, sandboxTlsFolder} from '../../source/sandbox/tls.js';
import {httpsJson} from './tls-helpers.js';

async function tempFolder(t: {teardown(fn: () => unknown): void}): Promise<string> {
	const folder = await mkdtemp(join(tmpdir(), 'tenantdeck-tls-'));
	t.teardown(() => rm(folder, {recursive: true, force: true}));
	return folder;
}

test('--tls prints the https URL and how Node, Python, .NET and curl trust it; only a client with the CA gets in', async t => {
	const state = await tempFolder(t);
	const lines: string[] = [];
	const stop = new AbortController();
	let ready!: (url: string) => void;
	const listening = new Promise<string>(resolve => (ready = resolve));
	const running = runSandboxCommand(await sandboxArgs(['--tls', '--port', '0', '--tenants', '3']), {write: line => lines.push(line), env: {XDG_STATE_HOME: state}, signal: stop.signal, onReady: ready});
	t.teardown(async () => {
		stop.abort();
		await running;
	});
	const url = await listening;
	const output = lines.join('\n');
	t.regex(url, /^https:\/\/127\.0\.0\.1:\d+$/);
	const caPath = join(sandboxTlsFolder({XDG_STATE_HOME: state}), 'ca.pem');
	t.is(caPath, join(state, 'tenantdeck', 'sandbox', 'tls', 'ca.pem'));
	for (const hint of [`export NODE_EXTRA_CA_CERTS=${caPath}`, `export REQUESTS_CA_BUNDLE=${caPath}`, `export SSL_CERT_FILE=${caPath}`, `curl --cacert ${caPath}`]) t.true(output.includes(hint), hint);
	const ca = await readFile(caPath, 'utf8');

	const world = (await httpsJson(`${url}/_sandbox/world`, ca)).body;
	const customer = world.customers[0];
	for (const tenant of ['organizations', customer.tenantId, customer.initialDomain]) {
		const reply = await httpsJson(`${url}/${tenant}/v2.0/.well-known/openid-configuration`, ca);
		t.is(reply.status, 200);
		t.true(reply.body.token_endpoint.startsWith(`${url}/`));
	}
	// localhost is in the certificate too.
	const local = await httpsJson(`${url.replace('127.0.0.1', 'localhost')}/organizations/v2.0/.well-known/openid-configuration`, ca);
	t.is(local.body.issuer, `${url.replace('127.0.0.1', 'localhost')}/{tenantid}/v2.0`);

	// Verification stays on: without the CA, the handshake is refused.
	await t.throwsAsync(fetch(`${url}/organizations/v2.0/.well-known/openid-configuration`));

	// The readme's check, exactly as printed, where curl exists.
	const check = /^Check it: (curl .+)$/m.exec(output)?.[1];
	t.truthy(check);
	const curl = await promisify(execFile)('curl', ['--version']).catch(() => undefined);
	if (!curl) return t.log('curl not installed: the printed curl line was checked with node https only');
	const [, ...args] = check!.split(' ');
	const {stdout} = await promisify(execFile)('curl', ['-sS', ...args]);
	t.is(JSON.parse(stdout).issuer, `${url}/{tenantid}/v2.0`);
	const withOrganizations = await promisify(execFile)('curl', ['-sS', '--cacert', caPath, `${url}/${customer.tenantId}/v2.0/.well-known/openid-configuration`]);
	t.is(JSON.parse(withOrganizations.stdout).issuer, `${url}/${customer.tenantId}/v2.0`);
});

test('the certificates are made once, kept with private keys 0600, and reused', async t => {
	const folder = await tempFolder(t);
	const first = await loadSandboxTls(folder);
	const again = await loadSandboxTls(folder);
	t.is(again.ca, first.ca);
	t.is(again.cert, first.cert);
	for (const key of ['ca-key.pem', 'key.pem']) t.is((await stat(join(folder, key))).mode & 0o777, 0o600, key);
	const server = new X509Certificate(first.cert);
	const authority = new X509Certificate(first.ca);
	t.true(authority.ca);
	t.false(server.ca);
	t.true(server.verify(authority.publicKey));
	t.truthy(server.checkHost('localhost'));
	t.truthy(server.checkIP('127.0.0.1'));
	t.truthy(server.checkIP('::1'));
	t.falsy(server.checkHost('example.com'));
});

test('a server certificate near its end is renewed under the same CA; corrupt files are replaced', async t => {
	const folder = await tempFolder(t);
	const first = await loadSandboxTls(folder);
	// 380 days on, the 397-day server certificate is inside its last 30 days; the CA is not.
	const later = await loadSandboxTls(folder, Date.now() + 380 * 24 * 3600 * 1000);
	t.is(later.ca, first.ca, 'clients that trust the CA keep trusting the sandbox');
	t.not(later.cert, first.cert);
	t.true(new X509Certificate(later.cert).verify(new X509Certificate(first.ca).publicKey));

	await writeFile(join(folder, 'key.pem'), 'not a key');
	const repairedKey = await loadSandboxTls(folder);
	t.is(repairedKey.ca, first.ca);
	t.not(repairedKey.key, 'not a key');

	await writeFile(join(folder, 'ca.pem'), '-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n');
	const repaired = await loadSandboxTls(folder);
	t.not(repaired.ca, first.ca);
	t.true(new X509Certificate(repaired.cert).verify(new X509Certificate(repaired.ca).publicKey));
});

test('the readme\'s "Rehearse your own scripts" commands are the ones the tests run', async t => {
	const readme = await readFile('readme.md', 'utf8');
	const section = readme.slice(readme.indexOf('## Rehearse your own scripts'));
	t.true(section.startsWith('## Rehearse your own scripts'));
	const program = await readFile('test/dotnet-client/Program.cs', 'utf8');
	// The MSAL.NET builder calls, as the .NET client test uses them.
	for (const call of ['.WithAuthority(', 'validateAuthority: false)', '.WithInstanceDiscoveryMetadata(new Uri(', '/common/discovery/instance', 'AcquireTokenWithDeviceCode(', '.WithTenantId(customerTenantId)', 'PatchAsync(new User { JobTitle']) {
		t.true(section.includes(call) && program.includes(call), call);
	}
	for (const line of ['tenantdeck sandbox --tls', 'export SSL_CERT_FILE=', 'curl --cacert ', '/organizations/v2.0/.well-known/openid-configuration', '/_sandbox/devicelogin', 'Add-MgEnvironment', 'Connect-MgGraph']) t.true(section.includes(line), line);
});

test('a folder that cannot hold the certificate gives one clear line naming it', async t => {
	const base = await tempFolder(t);
	// A file where the folder should be: mkdir fails, as on a read-only or full disk.
	await writeFile(join(base, 'tenantdeck'), 'not a folder');
	const error = await t.throwsAsync(runSandboxCommand(await sandboxArgs(['--tls', '--port', '0']), {write: () => undefined, env: {XDG_STATE_HOME: base}}));
	t.regex(error!.message, /^Cannot keep the sandbox's https certificate in .*tenantdeck\/sandbox\/tls \(E[A-Z]+\); free that folder or point XDG_STATE_HOME elsewhere\.$/);
	t.false(error!.message.includes('\n'));
});
