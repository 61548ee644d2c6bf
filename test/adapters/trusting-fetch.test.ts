// The fetch the product uses for a sandbox served over --tls: it trusts exactly the CA it is given
// (plus the usual roots), answers with standard Responses, and honours abort signals.
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import {trustingFetch} from '../../source/adapters/trusting-fetch.js';
import {startSandbox, type Sandbox} from '../../source/sandbox/server.js';
import {loadSandboxTls, type SandboxTls} from '../../source/sandbox/tls.js';

let folder: string;
let tls: SandboxTls;
let cloud: Sandbox;
test.before(async () => {
	folder = await mkdtemp(join(tmpdir(), 'tenantdeck-fetch-'));
	tls = await loadSandboxTls(join(folder, 'tls'));
	cloud = await startSandbox({tenants: 2, tls, deviceCodeIntervalSec: 0, pendingPolls: 0});
});
test.after.always(async () => {
	await cloud?.stop();
	await rm(folder, {recursive: true, force: true});
});

test.serial('reads JSON, headers and status over https with the sandbox CA', async t => {
	const send = trustingFetch(tls.ca);
	const response = await send(`${cloud.url}/organizations/v2.0/.well-known/openid-configuration`, {headers: {'client-request-id': 'abc'}});
	t.is(response.status, 200);
	t.true(response.ok);
	t.is(response.headers.get('client-request-id'), 'abc');
	t.is(((await response.json()) as {issuer: string}).issuer, `${cloud.url}/{tenantid}/v2.0`);
	const form = await send(`${cloud.url}/organizations/oauth2/v2.0/devicecode`, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}, body: 'client_id=x&scope=User.Read'});
	t.is(form.status, 200);
	const missing = await send(`${cloud.url}/v1.0/users`);
	t.is(missing.status, 401);
	t.is(((await missing.json()) as {error: {code: string}}).error.code, 'InvalidAuthenticationToken');
});

test.serial('another CA is refused as fetch refuses: a TypeError whose cause names the certificate problem', async t => {
	const other = await loadSandboxTls(join(folder, 'other'));
	const error = await t.throwsAsync(trustingFetch(other.ca)(`${cloud.url}/organizations/v2.0/.well-known/openid-configuration`));
	t.true(error instanceof TypeError);
	t.regex(String((error!.cause as NodeJS.ErrnoException).code), /CERT|SIGNATURE|ISSUER/);
});

test.serial('an abort ends a slow request at once with the signal\'s reason', async t => {
	const send = trustingFetch(tls.ca);
	// Plain fetch cannot reach the https knobs route; set latency through the trusting fetch.
	t.is((await send(`${cloud.url}/_sandbox/knobs`, {method: 'POST', body: JSON.stringify({latencyMs: 60_000}), headers: {'content-type': 'application/json'}})).status, 200);
	t.teardown(() => send(`${cloud.url}/_sandbox/knobs`, {method: 'POST', body: JSON.stringify({latencyMs: 0}), headers: {'content-type': 'application/json'}}));
	const stop = new AbortController();
	const pending = send(`${cloud.url}/v1.0/organization`, {signal: stop.signal, headers: {authorization: 'Bearer x'}});
	stop.abort(new Error('user pressed Esc'));
	const error = await t.throwsAsync(pending);
	t.is(error!.message, 'user pressed Esc');
});
