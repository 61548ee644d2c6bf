import {createPublicKey, verify} from 'node:crypto';
import test from 'ava';
import {startSandbox, type Sandbox} from '../../source/sandbox/server.js';
import {PARTNER_TENANT_ID} from '../../source/sandbox/world.js';
import {claims, CLIENT_ID, control, GRAPH_SCOPE, post, refresh, signIn} from './helpers.js';

let cloud: Sandbox;
test.before(async () => {
	cloud = await startSandbox({tenants: 4, seed: 3});
});
test.after.always(() => cloud?.stop());

async function get(path: string): Promise<{status: number; body: any}> {
	const response = await fetch(`${cloud.url}${path}`);
	return {status: response.status, body: await response.json()};
}

/** Checks an RS256 JWT against the JWKS the discovery document for `tenant` points to. */
async function verifiedClaims(jwt: string, tenant: string): Promise<Record<string, unknown>> {
	const discovery = (await get(`/${tenant}/v2.0/.well-known/openid-configuration`)).body;
	const keys = (await (await fetch(discovery.jwks_uri)).json()).keys as Array<{kid: string}>;
	const [header, payload, signature] = jwt.split('.');
	const {kid, alg} = JSON.parse(Buffer.from(header!, 'base64url').toString());
	if (alg !== 'RS256') throw new Error(`alg ${alg}`);
	const jwk = keys.find(key => key.kid === kid);
	if (!jwk) throw new Error(`no key ${kid} in ${discovery.jwks_uri}`);
	if (!verify('sha256', Buffer.from(`${header}.${payload}`), createPublicKey({key: jwk as never, format: 'jwk'}), Buffer.from(signature!, 'base64url'))) throw new Error('bad signature');
	return claims(jwt);
}

test('openid-configuration for organizations and common carries the {tenantid} issuer and endpoints at the asked host', async t => {
	for (const tenant of ['organizations', 'common']) {
		const {status, body} = await get(`/${tenant}/v2.0/.well-known/openid-configuration`);
		t.is(status, 200);
		t.is(body.issuer, `${cloud.url}/{tenantid}/v2.0`);
		t.is(body.token_endpoint, `${cloud.url}/${tenant}/oauth2/v2.0/token`);
		t.is(body.device_authorization_endpoint, `${cloud.url}/${tenant}/oauth2/v2.0/devicecode`);
		t.is(body.authorization_endpoint, `${cloud.url}/${tenant}/oauth2/v2.0/authorize`);
		t.is(body.jwks_uri, `${cloud.url}/${tenant}/discovery/v2.0/keys`);
		t.deepEqual(body.id_token_signing_alg_values_supported, ['RS256']);
		t.is(body.tenant_region_scope, null);
	}
	// "localhost" asked, "localhost" answered: documents follow the request's own Host.
	const port = new URL(cloud.url).port;
	const local = await (await fetch(`http://localhost:${port}/organizations/v2.0/.well-known/openid-configuration`)).json();
	t.is(local.token_endpoint, `http://localhost:${port}/organizations/oauth2/v2.0/token`);
});

test('openid-configuration for a customer by id or domain names its tenant id; an unknown tenant is AADSTS90002', async t => {
	const customer = cloud.context.world.customers[0]!;
	for (const key of [customer.tenantId, customer.initialDomain]) {
		const {status, body} = await get(`/${key}/v2.0/.well-known/openid-configuration`);
		t.is(status, 200);
		t.is(body.issuer, `${cloud.url}/${customer.tenantId}/v2.0`);
		t.is(body.token_endpoint, `${cloud.url}/${customer.tenantId}/oauth2/v2.0/token`);
		t.is(body.tenant_region_scope, 'NA');
	}
	const unknown = await get('/nobody.onmicrosoft.com/v2.0/.well-known/openid-configuration');
	t.is(unknown.status, 400);
	t.is(unknown.body.error, 'invalid_tenant');
	t.regex(unknown.body.error_description, /^AADSTS90002: Tenant 'nobody\.onmicrosoft\.com' not found/);
	const posted = await fetch(`${cloud.url}/organizations/v2.0/.well-known/openid-configuration`, {method: 'POST'});
	t.is(posted.status, 405);
});

test('instance discovery vouches for the sandbox host and refuses an unknown instance', async t => {
	const authorize = encodeURIComponent(`${cloud.url}/organizations/oauth2/v2.0/authorize`);
	const {status, body} = await get(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${authorize}`);
	t.is(status, 200);
	t.is(body['api-version'], '1.1');
	t.is(body.tenant_discovery_endpoint, `${cloud.url}/organizations/v2.0/.well-known/openid-configuration`);
	const host = new URL(cloud.url).host;
	t.deepEqual(body.metadata[0], {preferred_network: host, preferred_cache: host, aliases: [host]});
	const bogus = await get(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent('https://bogus.example/common/oauth2/v2.0/authorize')}`);
	t.is(bogus.status, 400);
	t.is(bogus.body.error, 'invalid_instance');
	t.is((await get('/common/discovery/instance?api-version=1.1')).status, 400);
});

test("id tokens are RS256-signed with a JWKS key and carry the claims discovery promises; access tokens carry Graph's", async t => {
	const {token} = await signIn(cloud);
	const partnerId = await verifiedClaims(token.id_token, 'organizations');
	t.like(partnerId, {iss: `${cloud.url}/${PARTNER_TENANT_ID}/v2.0`, tid: PARTNER_TENANT_ID, aud: CLIENT_ID, ver: '2.0'});
	const customer = cloud.context.world.customers[1]!;
	const reply = await refresh(cloud, token.refresh_token, customer.initialDomain);
	t.is(reply.status, 200);
	const customerDiscovery = (await get(`/${customer.tenantId}/v2.0/.well-known/openid-configuration`)).body;
	const id = await verifiedClaims(reply.body.id_token, customer.tenantId);
	t.is(id.iss, customerDiscovery.issuer);
	t.is(id.tid, customer.tenantId);
	// Graph's access tokens are v1.0 whichever endpoint issued them, with its audience and scp; like
	// Microsoft's, they are for Graph to verify, not the client.
	const access = claims(reply.body.access_token);
	t.like(access, {aud: 'https://graph.microsoft.com', iss: `https://sts.windows.net/${customer.tenantId}/`, tid: customer.tenantId, ver: '1.0', appid: CLIENT_ID});
	t.regex(String(access.scp), /User\.ReadWrite\.All/);
	const narrow = await refresh(cloud, reply.body.refresh_token, customer.tenantId, 'https://graph.microsoft.com/Organization.Read.All offline_access');
	// scp names the delegated scopes consented in that customer, as Microsoft's tokens do.
	t.true(String(claims(narrow.body.access_token).scp).split(' ').includes('Organization.Read.All'));
});

test("device code interval is Microsoft's 5 s by default and a knob lowers it", async t => {
	const cloud = await startSandbox({tenants: 2});
	t.teardown(() => cloud.stop());
	const ask = async () => (await post(`${cloud.url}/organizations/oauth2/v2.0/devicecode`, {client_id: CLIENT_ID, scope: GRAPH_SCOPE})).body.interval;
	t.is(await ask(), 5);
	await control(cloud, 'knobs', {deviceCodeIntervalSec: 0});
	t.is(await ask(), 0);
});

test('a device code stays pending until approved through /_sandbox/devicelogin', async t => {
	// Its own sandbox: the other tests here sign in with the default of one pending poll.
	const cloud = await startSandbox({tenants: 2, pendingPolls: 1_000_000});
	t.teardown(() => cloud.stop());
	const code = (await post(`${cloud.url}/organizations/oauth2/v2.0/devicecode`, {client_id: CLIENT_ID, scope: GRAPH_SCOPE})).body;
	const poll = () => post(`${cloud.url}/organizations/oauth2/v2.0/token`, {client_id: CLIENT_ID, grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: code.device_code});
	for (let attempt = 0; attempt < 3; attempt++) t.is((await poll()).body.error, 'authorization_pending');
	t.is((await control(cloud, 'devicelogin', {user_code: 'ZZZZ-ZZZZ'})).status, 404);
	t.is((await control(cloud, 'devicelogin', {})).status, 400);
	const approval = await control(cloud, 'devicelogin', {user_code: code.user_code.toLowerCase()});
	t.is(approval.status, 200);
	const signedIn = await poll();
	t.is(signedIn.status, 200);
	t.truthy(signedIn.body.access_token);
	// Used codes cannot be approved again.
	t.is((await control(cloud, 'devicelogin', {user_code: code.user_code})).status, 404);
});
