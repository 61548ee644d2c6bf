// The sandbox's identity endpoints as the real @azure/msal-node sees them: device code, then
// silent tokens for customer tenants from the cache or by refresh, and a revoked sign-in.
import test from 'ava';
import {InteractionRequiredAuthError, PublicClientApplication, type INetworkModule, type NetworkRequestOptions} from '@azure/msal-node';
import {startSandbox} from '../../source/sandbox/server.js';
import {PARTNER_ADMIN, PARTNER_TENANT_ID} from '../../source/sandbox/world.js';
import {CLIENT_ID, control} from './helpers.js';

function networkClient(base: string): INetworkModule {
	const send = async (method: string, url: string, options?: NetworkRequestOptions) => {
		const target = url.replace('https://login.microsoftonline.com', base);
		if (target === url) throw new Error(`unexpected host in ${url}`);
		const response = await fetch(target, {method, headers: options?.headers, body: method === 'POST' ? options?.body : undefined});
		return {status: response.status, headers: Object.fromEntries(response.headers.entries()), body: await response.json()} as never;
	};
	return {sendGetRequestAsync: (url, options) => send('GET', url, options), sendPostRequestAsync: (url, options) => send('POST', url, options)};
}

test('MSAL signs in by device code and gets customer-tenant tokens silently', async t => {
	// interval 0: MSAL would otherwise wait Microsoft's 5 s after the pending poll.
	const sandbox = await startSandbox({tenants: 3, pendingPolls: 1, deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	const app = new PublicClientApplication({
		auth: {clientId: CLIENT_ID, authority: 'https://login.microsoftonline.com/organizations'},
		system: {networkClient: networkClient(sandbox.url)},
	});
	let shown = '';
	const result = await app.acquireTokenByDeviceCode({scopes: ['https://graph.microsoft.com/.default'], deviceCodeCallback: code => (shown = code.message), timeout: 30});
	t.true(shown.includes('https://microsoft.com/devicelogin'));
	t.is(result?.tenantId, PARTNER_TENANT_ID);
	t.is(result?.account?.username, PARTNER_ADMIN.userPrincipalName);
	t.is(result?.account?.homeAccountId, `${PARTNER_ADMIN.id}.${PARTNER_TENANT_ID}`);

	// MSAL looks the cache up by account.tenantId before the authority: with the home account it would
	// hand back the partner's own token, so a first customer call names the customer tenant.
	const customer = sandbox.context.world.customers[0];
	const silent = await app.acquireTokenSilent({account: {...result!.account!, tenantId: customer.tenantId}, scopes: ['https://graph.microsoft.com/.default'], authority: `https://login.microsoftonline.com/${customer.tenantId}`});
	t.is(silent.tenantId, customer.tenantId);
	t.is(sandbox.context.tokens.lookupAccess(silent.accessToken)?.tenantId, customer.tenantId);
	const issued = sandbox.stats().tokensIssued;
	const pitfall = await app.acquireTokenSilent({account: result!.account!, scopes: ['https://graph.microsoft.com/.default'], authority: `https://login.microsoftonline.com/${customer.tenantId}`});
	t.is(pitfall.tenantId, PARTNER_TENANT_ID, 'the home account wins over the authority');

	// The customer-tenant account from the result hits MSAL's cache: no new token is issued.
	const cached = await app.acquireTokenSilent({account: silent.account!, scopes: ['https://graph.microsoft.com/.default'], authority: `https://login.microsoftonline.com/${customer.tenantId}`});
	t.is(cached.accessToken, silent.accessToken);
	t.is(sandbox.stats().tokensIssued, issued);

	const exchange = await app.acquireTokenSilent({account: silent.account!, scopes: ['https://outlook.office365.com/.default'], authority: `https://login.microsoftonline.com/${customer.tenantId}`});
	t.is(sandbox.context.tokens.lookupAccess(exchange.accessToken)?.resource, 'exchange');

	await control(sandbox, 'revoke', {});
	const error = await t.throwsAsync(app.acquireTokenSilent({account: {...result!.account!, tenantId: sandbox.context.world.customers[1].tenantId}, scopes: ['https://graph.microsoft.com/.default'], authority: `https://login.microsoftonline.com/${sandbox.context.world.customers[1].tenantId}`}));
	t.true(error instanceof InteractionRequiredAuthError);
	t.regex(error!.message, /AADSTS50173/);
});
