// The sandbox refuses what Microsoft refuses, in Microsoft's shapes: an unconsented customer's token
// (AADSTS65001), a scope the consent lacks (403 Authorization_RequestDenied), a GDAP relationship
// without the role, and Partner Center's application consent (201, then 409).
import test from 'ava';
import {startSandbox} from '../../source/sandbox/server.js';
import {exchangeRoute} from '../../source/sandbox/exchange.js';
import {gdapRoles, graphAppId, exchangeAppId} from '../../source/core/permissions.js';
import {CLIENT_ID, customerToken, EXCHANGE_SCOPE, graph, post, refresh, signIn} from './helpers.js';

const PARTNER_CENTER_SCOPE = 'https://api.partnercenter.microsoft.com/.default openid profile offline_access';

async function consent(url: string, token: string, customer: string, scope = 'User.Read.All,AuditLog.Read.All') {
	const response = await fetch(`${url}/v1/customers/${customer}/applicationconsents`, {
		method: 'POST',
		headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'},
		body: JSON.stringify({applicationId: CLIENT_ID, applicationGrants: [{enterpriseApplicationId: graphAppId, scope}, {enterpriseApplicationId: exchangeAppId, scope: 'Exchange.Manage'}]}),
	});
	return {status: response.status, body: await response.json() as any};
}

test('an unconsented customer answers AADSTS65001 until Partner Center grants the app; the token then carries the granted scopes only', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 4, unconsentedTenants: ['1']});
	t.teardown(() => sandbox.stop());
	const [unconsented, consented] = sandbox.context.world.customers;
	const {token} = await signIn(sandbox);
	const refused = await refresh(sandbox, token.refresh_token, unconsented!.tenantId);
	t.is(refused.status, 400);
	t.is(refused.body.error, 'invalid_grant');
	t.is(refused.body.suberror, 'consent_required');
	t.regex(refused.body.error_description, /^AADSTS65001: The user or administrator has not consented to use the application/);
	t.deepEqual(refused.body.error_codes, [65001]);
	t.is((await refresh(sandbox, token.refresh_token, consented!.tenantId)).status, 200);

	const withGraphToken = await consent(sandbox.url, token.access_token, unconsented!.tenantId);
	t.is(withGraphToken.status, 401, 'Partner Center wants its own audience');
	const partnerCenter = (await refresh(sandbox, token.refresh_token, 'organizations', PARTNER_CENTER_SCOPE)).body.access_token as string;
	const granted = await consent(sandbox.url, partnerCenter, unconsented!.tenantId);
	t.is(granted.status, 201);
	t.is(granted.body.applicationId, CLIENT_ID);
	const again = await consent(sandbox.url, partnerCenter, unconsented!.tenantId);
	t.is(again.status, 409);
	t.deepEqual(Object.keys(again.body).sort(), ['code', 'data', 'description', 'source']);
	t.regex(again.body.description, /already exists/);

	const now = await refresh(sandbox, token.refresh_token, unconsented!.tenantId);
	t.is(now.status, 200);
	t.deepEqual(now.body.scope.split(' ').sort(), ['https://graph.microsoft.com/.default', 'https://graph.microsoft.com/AuditLog.Read.All', 'https://graph.microsoft.com/User.Read.All', 'offline_access', 'openid', 'profile'].sort());
	// Only what was granted: users yes, domains (Domain.Read.All) no — as Graph answers it.
	t.is((await graph(sandbox, now.body.access_token, 'users?$top=1')).status, 200);
	const domains = await graph(sandbox, now.body.access_token, 'domains');
	t.is(domains.status, 403);
	t.is(domains.body.error.code, 'Authorization_RequestDenied');
	t.is(domains.body.error.message, 'Insufficient privileges to complete the operation.');
	t.truthy(domains.body.error.innerError['request-id']);
	t.is((await refresh(sandbox, token.refresh_token, unconsented!.tenantId, EXCHANGE_SCOPE)).status, 200, 'the Exchange grant came with it');

	const unknownScope = await consent(sandbox.url, partnerCenter, sandbox.context.world.customers[2]!.tenantId, 'Mail.ReadWrite');
	t.is(unknownScope.status, 400);
	const stranger = await consent(sandbox.url, partnerCenter, '00000000-0000-4000-8000-000000000000');
	t.is(stranger.status, 404);
});

test('GDAP relationships list their roles; a relationship with only Directory Readers is refused the MFA report, writes, Exchange and consent', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 6, limitedRoleTenants: ['2'], unconsentedTenants: ['1'], routes: [context => exchangeRoute(context)]});
	t.teardown(() => sandbox.stop());
	const [limitedUnconsented, limited, full] = sandbox.context.world.customers;
	const {token} = await signIn(sandbox);
	const relationships = await graph(sandbox, token.access_token, `tenantRelationships/delegatedAdminRelationships?$filter=customer/tenantId eq '${limited!.tenantId}'`);
	t.is(relationships.status, 200);
	t.is(relationships.body.value.length, 1);
	t.is(relationships.body.value[0].status, 'active');
	t.deepEqual(relationships.body.value[0].accessDetails.unifiedRoles, [{roleDefinitionId: gdapRoles.directoryReaders.id}]);
	const fullRoles = await graph(sandbox, token.access_token, `tenantRelationships/delegatedAdminRelationships?$filter=customer/tenantId eq '${full!.tenantId}'`);
	t.true(fullRoles.body.value[0].accessDetails.unifiedRoles.some((role: {roleDefinitionId: string}) => role.roleDefinitionId === gdapRoles.globalReader.id));

	const limitedToken = await customerToken(sandbox, token.refresh_token, limited!.tenantId);
	t.is((await graph(sandbox, limitedToken, 'users?$top=1')).status, 200, 'Directory Readers may read users');
	t.is((await graph(sandbox, limitedToken, 'reports/authenticationMethods/userRegistrationDetails')).status, 403);
	const user = sandbox.context.world.detail(limited!).users[1]!;
	t.is((await graph(sandbox, limitedToken, `users/${user.id}`, {method: 'PATCH', body: {passwordPolicies: 'None'}})).status, 403);
	const fullToken = await customerToken(sandbox, token.refresh_token, full!.tenantId);
	t.is((await graph(sandbox, fullToken, 'reports/authenticationMethods/userRegistrationDetails')).status, 200);

	const exchange = await customerToken(sandbox, token.refresh_token, limited!.tenantId, EXCHANGE_SCOPE);
	const connect = await fetch(`${sandbox.url}/adminapi/beta/${limited!.tenantId}/Connection`, {method: 'POST', headers: {authorization: `Bearer ${exchange}`, 'content-type': 'application/json'}, body: '{}'});
	t.is(connect.status, 403);

	const partnerCenter = (await post(`${sandbox.url}/organizations/oauth2/v2.0/token`, {client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: token.refresh_token, scope: PARTNER_CENTER_SCOPE})).body.access_token as string;
	const noRole = await consent(sandbox.url, partnerCenter, limitedUnconsented!.tenantId);
	t.is(noRole.status, 403);
	t.regex(noRole.body.description, /Global Administrator or Privileged Role Administrator or Cloud Application Administrator/);
});
