import test from 'ava';
import {startSandbox, type Sandbox} from '../../source/sandbox/server.js';
import {PARTNER_ADMIN, PARTNER_TENANT_ID} from '../../source/sandbox/world.js';
import {claims, CLIENT_ID, control, customerToken, EXCHANGE_SCOPE, graph, post, refresh, signIn} from './helpers.js';

const started: Sandbox[] = [];
async function sandbox(options: Parameters<typeof startSandbox>[0] = {}) {
	const instance = await startSandbox({tenants: 6, ...options});
	started.push(instance);
	return instance;
}
test.after.always(async () => {
	await Promise.all(started.map(instance => instance.stop()));
});

test('device code answers authorization_pending pendingPolls times, then signs in the partner admin', async t => {
	const cloud = await sandbox({pendingPolls: 2});
	const code = await post(`${cloud.url}/organizations/oauth2/v2.0/devicecode`, {client_id: CLIENT_ID, scope: 'https://graph.microsoft.com/.default'});
	t.is(code.status, 200);
	t.regex(code.body.user_code, /^[A-Z]{4}-[A-Z]{4}$/);
	t.is(code.body.verification_uri, 'https://microsoft.com/devicelogin');
	t.is(code.body.expires_in, 900);
	t.true(code.body.message.includes(code.body.user_code));
	const {token, polls} = await signIn(cloud);
	t.is(polls.length, 3);
	t.deepEqual(polls.slice(0, 2).map(poll => [poll.status, poll.body.error, poll.body.error_codes[0]]), [[400, 'authorization_pending', 70016], [400, 'authorization_pending', 70016]]);
	t.regex(polls[0].body.error_description, /^AADSTS70016: /);
	t.truthy(polls[0].body.trace_id && polls[0].body.correlation_id && polls[0].body.timestamp);
	const id = claims(token.id_token);
	// The issuer is the one the sandbox's own discovery document promises, at the host that was asked.
	t.like(id, {aud: CLIENT_ID, tid: PARTNER_TENANT_ID, oid: PARTNER_ADMIN.id, preferred_username: PARTNER_ADMIN.userPrincipalName, iss: `${cloud.url}/${PARTNER_TENANT_ID}/v2.0`, ver: '2.0'});
	t.is(JSON.parse(Buffer.from(token.id_token.split('.')[0], 'base64url').toString()).alg, 'RS256');
	t.deepEqual(JSON.parse(Buffer.from(token.client_info, 'base64url').toString()), {uid: PARTNER_ADMIN.id, utid: PARTNER_TENANT_ID});
	t.is(token.expires_in, 3600);
	t.is(cloud.stats().tokensIssued, 1);
});

test('a refresh at a customer authority gives a token for that customer tenant', async t => {
	const cloud = await sandbox();
	const {token} = await signIn(cloud);
	const customer = cloud.context.world.customers[1];
	const reply = await refresh(cloud, token.refresh_token, customer.tenantId);
	t.is(reply.status, 200);
	t.like(claims(reply.body.id_token), {tid: customer.tenantId, oid: PARTNER_ADMIN.id});
	t.deepEqual(JSON.parse(Buffer.from(reply.body.client_info, 'base64url').toString()), {uid: PARTNER_ADMIN.id, utid: PARTNER_TENANT_ID});
	t.not(reply.body.refresh_token, token.refresh_token);
	const organization = await graph(cloud, reply.body.access_token, 'organization');
	t.is(organization.body.value[0].id, customer.tenantId);
	// A customer's domain works as the authority too.
	const byDomain = await refresh(cloud, token.refresh_token, customer.defaultDomain);
	t.like(claims(byDomain.body.id_token), {tid: customer.tenantId});
});

test('a refresh grant answers an id token only for openid and a refresh token only for offline_access, as Microsoft does', async t => {
	const cloud = await sandbox();
	const {token} = await signIn(cloud);
	const customer = cloud.context.world.customers[1];
	const bare = await refresh(cloud, token.refresh_token, customer.tenantId, 'https://graph.microsoft.com/.default');
	t.is(bare.status, 200);
	t.is(claims(bare.body.access_token).tid, customer.tenantId);
	t.is(bare.body.id_token, undefined);
	t.is(bare.body.refresh_token, undefined);
	const offline = await refresh(cloud, token.refresh_token, customer.tenantId, 'https://graph.microsoft.com/.default offline_access');
	t.is(offline.body.id_token, undefined);
	t.is(typeof offline.body.refresh_token, 'string');
});

test('an Exchange token is not accepted by Graph', async t => {
	const cloud = await sandbox();
	const {token} = await signIn(cloud);
	const exchange = await customerToken(cloud, token.refresh_token, cloud.context.world.customers[0].tenantId, EXCHANGE_SCOPE);
	t.is(cloud.context.tokens.lookupAccess(exchange)?.resource, 'exchange');
	const reply = await graph(cloud, exchange, 'organization');
	t.is(reply.status, 401);
	t.is(reply.body.error.code, 'InvalidAuthenticationToken');
});

test('revoked refresh tokens fail with AADSTS50173, expired ones with AADSTS700082', async t => {
	const cloud = await sandbox();
	const {token} = await signIn(cloud);
	t.is((await control(cloud, 'revoke', {})).status, 200);
	const revoked = await refresh(cloud, token.refresh_token, cloud.context.world.customers[0].tenantId);
	t.is(revoked.status, 400);
	t.is(revoked.body.error, 'invalid_grant');
	t.deepEqual(revoked.body.error_codes, [50173]);
	t.regex(revoked.body.error_description, /^AADSTS50173: /);
	t.is(revoked.body.suberror, 'bad_token');
	const again = await signIn(cloud);
	await control(cloud, 'revoke', {expire: true});
	const expired = await refresh(cloud, again.token.refresh_token, 'organizations');
	t.deepEqual(expired.body.error_codes, [700082]);
});

test('an unknown tenant fails with AADSTS90002', async t => {
	const cloud = await sandbox();
	const {token} = await signIn(cloud);
	const reply = await refresh(cloud, token.refresh_token, '00000000-1111-4222-8333-444444444444');
	t.is(reply.status, 400);
	t.is(reply.body.error, 'invalid_grant');
	t.deepEqual(reply.body.error_codes, [90002]);
});

test('signInError makes the device-code sign-in fail with consent or MFA errors', async t => {
	const cloud = await sandbox({signInError: 'consent', pendingPolls: 0});
	await t.throwsAsync(signIn(cloud), {message: /AADSTS65001/});
	await control(cloud, 'knobs', {signInError: 'mfa'});
	await t.throwsAsync(signIn(cloud), {message: /AADSTS50076/});
	await control(cloud, 'knobs', {signInError: 'none'});
	t.truthy((await signIn(cloud)).token.access_token);
});

test('Graph answers 401 InvalidAuthenticationToken for a missing, unknown or expired token', async t => {
	const cloud = await sandbox({tokenLifetimeSec: 0});
	const {token} = await signIn(cloud);
	for (const bearer of [undefined, 'not-a-token', token.access_token]) {
		const reply = await graph(cloud, bearer, 'organization');
		t.is(reply.status, 401);
		t.is(reply.body.error.code, 'InvalidAuthenticationToken');
		t.is(reply.body.error.innerError['request-id'], reply.headers.get('request-id'));
	}
});
