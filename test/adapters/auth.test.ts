import test from 'ava';
import {readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {startSandbox, type Sandbox} from '../../source/sandbox/server.js';
import {createMsalAuth} from '../../source/adapters/auth/msal-auth.js';
import {fileTokenCache} from '../../source/adapters/auth/token-cache.js';
import {sandboxCloud, sandboxClientId} from '../../source/adapters/cloud.js';
import {TenantdeckError} from '../../source/core/errors.js';
import {authError} from '../../source/adapters/auth/aadsts.js';
import type {DeviceCode} from '../../source/core/ports.js';
import {headless, tempEnv} from '../helpers/headless.js';

async function customers(sandbox: Sandbox): Promise<Array<{tenantId: string; domain: string}>> {
	return ((await (await fetch(`${sandbox.url}/_sandbox/world`)).json()) as {customers: Array<{tenantId: string; domain: string}>}).customers;
}

async function stats(sandbox: Sandbox): Promise<{tokensIssued: number; requests: number}> {
	return (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as {tokensIssued: number; requests: number};
}

test('device-code sign-in: the code reaches the caller, pending polls pass, then approval', async t => {
	const sandbox = await startSandbox({pendingPolls: 2, deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	const auth = createMsalAuth({cloud: sandboxCloud(sandbox.url), clientId: sandboxClientId});
	const codes: DeviceCode[] = [];
	const account = await auth.signIn({onCode: code => codes.push(code)});
	t.is(codes.length, 1);
	t.regex(codes[0]!.userCode, /^[A-Z]{4}-[A-Z]{4}$/);
	t.is(codes[0]!.verificationUri, 'https://microsoft.com/devicelogin');
	t.true(codes[0]!.expiresAt > Date.now());
	t.is(account.username, 'admin@northwindpartners.onmicrosoft.com');
	t.deepEqual(await auth.account(), account);
});

test('a customer token comes once from the network, then from the cache file (mode 0600)', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	const env = await tempEnv();
	const cachePath = join(env['XDG_CACHE_HOME']!, 'tokens.json');
	const cloud = sandboxCloud(sandbox.url);
	const auth = createMsalAuth({cloud, clientId: sandboxClientId, cache: fileTokenCache(cachePath)});
	await auth.signIn({onCode: () => {}});
	const [customer] = await customers(sandbox);
	const first = await auth.token('graph', customer!.tenantId);
	const issued = (await stats(sandbox)).tokensIssued;
	t.is(await auth.token('graph', customer!.tenantId), first);
	t.is((await stats(sandbox)).tokensIssued, issued, 'the second token for the same customer came from the cache');
	await auth.flush();
	t.is((await stat(cachePath)).mode & 0o777, 0o600);

	// A new process (a new MSAL instance on the same file) is still signed in, with no new device code.
	const again = createMsalAuth({cloud, clientId: sandboxClientId, cache: fileTokenCache(cachePath)});
	t.is((await again.account())?.username, 'admin@northwindpartners.onmicrosoft.com');
	const fresh = await again.token('graph', customer!.tenantId);
	t.is(await again.token('graph', customer!.tenantId), fresh);
	t.is((await stats(sandbox)).tokensIssued, issued + 1, 'one refresh for the customer in the new process, then the cache');

	await again.signOut();
	await t.throwsAsync(stat(cachePath), {code: 'ENOENT'});
	const error = await t.throwsAsync(again.token('graph', customer!.tenantId), {instanceOf: TenantdeckError});
	t.is(error?.kind, 'auth');
});

test('tokens differ per customer and per resource', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	const auth = createMsalAuth({cloud: sandboxCloud(sandbox.url), clientId: sandboxClientId});
	await auth.signIn({onCode: () => {}});
	const [a, b] = await customers(sandbox);
	const tokens = new Set([await auth.token('graph', a!.tenantId), await auth.token('graph', b!.tenantId), await auth.token('exchange', a!.tenantId), await auth.token('graph')]);
	t.is(tokens.size, 4);
});

test('customer tokens asked for all at once each belong to their own customer (one MSAL client serves them in turn)', async t => {
	const sandbox = await startSandbox({tenants: 60, deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	const auth = createMsalAuth({cloud: sandboxCloud(sandbox.url), clientId: sandboxClientId});
	await auth.signIn({onCode: () => {}});
	const all = await customers(sandbox);
	t.is(all.length, 60);
	// Twice over: the second round finds the client emptied by the first, as a long run does.
	for (const round of [all.slice(0, 30), all.slice(30)]) {
		const tokens = await Promise.all(round.map(customer => auth.token('graph', customer.tenantId)));
		t.deepEqual(tokens.map(token => sandbox.context.tokens.lookupAccess(token)?.tenantId), round.map(customer => customer.tenantId));
	}
	// Asked again, each comes from what was issued, not from a client that might have mixed them up.
	const issued = (await stats(sandbox)).tokensIssued;
	const again = await Promise.all(all.map(customer => auth.token('graph', customer.tenantId)));
	t.deepEqual(again.map(token => sandbox.context.tokens.lookupAccess(token)?.tenantId), all.map(customer => customer.tenantId));
	t.is((await stats(sandbox)).tokensIssued, issued);
});

test('a revoked sign-in explains itself', async t => {
	const sandbox = await startSandbox({tokenLifetimeSec: 1, deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	const auth = createMsalAuth({cloud: sandboxCloud(sandbox.url), clientId: sandboxClientId});
	await auth.signIn({onCode: () => {}});
	await fetch(`${sandbox.url}/_sandbox/revoke`, {method: 'POST'});
	const [customer] = await customers(sandbox);
	const error = await t.throwsAsync(auth.token('graph', customer!.tenantId), {instanceOf: TenantdeckError});
	t.is(error?.kind, 'auth');
	t.is(error?.code, 'AADSTS50173');
	t.regex(error?.message ?? '', /revoked/);
	t.regex(error?.hint ?? '', /run "tenantdeck login"/);
	t.true(error?.signInLost, 'no further tenant can work');
});

for (const [knob, code, words] of [['consent', 'AADSTS65001', /The app is not consented in your partner tenant/], ['mfa', 'AADSTS50076', /Multi-factor authentication is required/]] as const) {
	test(`sign-in refused for ${knob} becomes a typed error with a hint`, async t => {
		const sandbox = await startSandbox({signInError: knob, deviceCodeIntervalSec: 0});
		t.teardown(() => sandbox.stop());
		const auth = createMsalAuth({cloud: sandboxCloud(sandbox.url), clientId: sandboxClientId});
		const error = await t.throwsAsync(auth.signIn({onCode: () => {}}), {instanceOf: TenantdeckError});
		t.is(error?.code, code);
		t.regex(error?.message ?? '', words);
		t.truthy(error?.hint);
	});
}

test('sign-in can be cancelled while waiting for approval', async t => {
	const sandbox = await startSandbox({pendingPolls: 1_000_000, deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	const auth = createMsalAuth({cloud: sandboxCloud(sandbox.url), clientId: sandboxClientId});
	const controller = new AbortController();
	const error = await t.throwsAsync(auth.signIn({signal: controller.signal, onCode: () => controller.abort()}), {instanceOf: TenantdeckError});
	t.is(error?.kind, 'cancelled');
});

test('no token text appears in any output, run folder or log', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	const env = await tempEnv();
	const login = await headless(['login', '--sandbox-url', sandbox.url], env);
	t.is(login.code, 0, login.stderr);
	const run = await headless(['run', '--sandbox-url', sandbox.url, '--op', 'users-list', '--tenants', 'all', '--format', 'json'], env);
	t.is(run.code, 0, run.stderr);
	const {readdir} = await import('node:fs/promises');
	const files = (await readdir(env['HOME']!, {recursive: true, withFileTypes: true})).filter(entry => entry.isFile()).map(entry => join(entry.parentPath, entry.name));
	const cacheFile = files.find(file => file.includes('token-cache'));
	t.truthy(cacheFile, 'the sign-in was cached');
	const cached = await readFile(cacheFile!, 'utf8');
	// Refresh tokens are opaque (sbx.rt.…); access and id tokens are signed JWTs (eyJ….eyJ….sig), as Microsoft's are.
	const secrets = [...cached.matchAll(/sbx\.rt\.[\w-]+|eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g)].map(match => match[0]);
	t.true(secrets.length >= 2, "the cache holds at least the sign-in's access and refresh token");
	const everythingElse = [login.stdout, login.stderr, run.stdout, run.stderr, ...(await Promise.all(files.filter(file => file !== cacheFile).map(file => readFile(file, 'utf8'))))].join('\n');
	for (const secret of secrets) t.false(everythingElse.includes(secret));
	t.false(/sbx\.rt\.|eyJ[\w-]+\.eyJ[\w-]+\./.test(everythingElse));
});

test('AADSTS500011 says the service is unknown there and names the national-cloud setting, not "check the app registration"', t => {
	const refusal = {errorCode: 'invalid_resource', errorMessage: 'AADSTS500011: The resource principal named https://outlook.office365.com was not found in the tenant named Contoso. Trace ID: 1'};
	const customer = authError(refusal, '11111111-1111-1111-1111-111111111111');
	t.is(customer.kind, 'forbidden');
	t.regex(customer.message, /does not know the service the app asks a token for in this customer \(AADSTS500011\)/);
	t.regex(customer.hint ?? '', /set --cloud/);
	const own = authError(refusal);
	t.is(own.kind, 'auth');
	t.regex(own.message, /in your tenant \(AADSTS500011\)/);
	t.notRegex(`${own.message} ${own.hint ?? ''}`, /app registration/);
});

// The sandbox posing as one cloud and the client set up for another: Microsoft refuses the tenant
// with a cross-cloud code. MSAL reads a refused device-code request as a code of undefineds and
// polls with it, which made this "the sign-in grant is no longer valid (AADSTS70000)".
for (const [sandboxAs, clientFor, code] of [['usgov', 'public', 'AADSTS900439'], ['public', 'usgov', 'AADSTS900440'], ['china', 'public', 'AADSTS90038']] as const) {
	test(`a ${clientFor}-cloud sign-in to a tenant in ${sandboxAs} says the cloud does not match (${code}) and names --cloud, never AADSTS70000`, async t => {
		const sandbox = await startSandbox({cloud: sandboxAs, deviceCodeIntervalSec: 0});
		t.teardown(() => sandbox.stop());
		const auth = createMsalAuth({cloud: sandboxCloud(sandbox.url, clientFor), clientId: sandboxClientId});
		const codes: DeviceCode[] = [];
		const error = await t.throwsAsync(auth.signIn({onCode: code => codes.push(code)}), {instanceOf: TenantdeckError});
		t.is(error?.code, code);
		t.is(error?.kind, 'auth');
		t.regex(error?.message ?? '', /the cloud does not match/);
		t.regex(error?.hint ?? '', /--cloud/);
		t.notRegex(`${error?.message} ${error?.hint}`, /70000|no longer valid|revoked/);
		t.deepEqual(codes, [], 'no code of undefineds was shown to type in');
		t.is((await stats(sandbox)).tokensIssued, 0);
	});
}

test('tenantdeck login on public-cloud settings against `sandbox --cloud usgov` prints the cloud sentence', async t => {
	const sandbox = await startSandbox({cloud: 'usgov', deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	const login = await headless(['login', '--sandbox-url', sandbox.url], await tempEnv());
	t.not(login.code, 0);
	t.regex(login.stderr, /US Government cloud.*the cloud does not match \(AADSTS900439\)/);
	t.regex(login.stderr, /--cloud usgov/);
	t.notRegex(login.stderr, /AADSTS70000/);
});

test('a customer in another cloud than the partner is a failed row that says so, not a lost sign-in', t => {
	const error = authError({errorCode: 'invalid_request', errorMessage: 'AADSTS900439: USGClientNotSupportedOnPublicEndpoint - Requests to tenants hosted in the US Government cloud are not supported on public cloud endpoints. Trace ID: 1'}, '11111111-1111-1111-1111-111111111111');
	t.is(error.kind, 'forbidden');
	t.regex(error.message, /This customer is in another Microsoft cloud than your partner tenant/);
	t.falsy(error.signInLost);
});
