// A customer tenant's token: one OAuth refresh grant at that customer's authority with the partner's
// refresh token (the GDAP route; CIPP asks the same way). MSAL signs the partner in and keeps the
// refresh token; it is not asked for each customer because its only route for that,
// `acquireTokenByRefreshToken`, is documented for migration, adds `openid profile offline_access`
// (so Microsoft signs an id token and mints a refresh token per customer that nothing reads), and
// builds an authority and writes its cache on every call: 0.7 of the 2.9 ms of main-thread CPU per
// tenant in the Graph fan-out. Here only the resource's scope is asked for; the answer is the
// access token alone.

import type {INetworkModule} from '@azure/msal-node';

export type RefreshGrant = {authority: string; clientId: string; refreshToken: string; scopes: readonly string[]};
export type CustomerToken = {accessToken: string; expiresAt: number; scopes: readonly string[]};

/**
 * Errors are thrown shaped as MSAL's (errorCode, errorMessage, subError), so one mapping
 * (aadsts.ts) explains both; an unanswered request is MSAL's `network_error`.
 */
export async function redeemRefreshToken(network: INetworkModule, grant: RefreshGrant, now = Date.now): Promise<CustomerToken> {
	const body = new URLSearchParams({client_id: grant.clientId, grant_type: 'refresh_token', refresh_token: grant.refreshToken, scope: grant.scopes.join(' ')}).toString();
	let answer: {status: number; body: Record<string, unknown>};
	try {
		answer = (await network.sendPostRequestAsync(`${grant.authority}/oauth2/v2.0/token`, {headers: {'content-type': 'application/x-www-form-urlencoded;charset=utf-8'}, body})) as typeof answer;
	} catch (error) {
		throw Object.assign(new Error('The sign-in service did not answer.', {cause: error}), {errorCode: 'network_error'});
	}
	const fields = answer.body ?? {};
	const accessToken = fields['access_token'];
	if (answer.status !== 200 || typeof accessToken !== 'string') {
		const errorMessage = typeof fields['error_description'] === 'string' ? fields['error_description'] : `The sign-in service answered HTTP ${answer.status} without a token.`;
		throw Object.assign(new Error(errorMessage), {errorCode: typeof fields['error'] === 'string' ? fields['error'] : 'no_token', errorMessage, subError: fields['suberror']});
	}
	const scope = typeof fields['scope'] === 'string' ? fields['scope'] : grant.scopes.join(' ');
	return {accessToken, expiresAt: now() + Number(fields['expires_in'] ?? 0) * 1000, scopes: scope.split(' ').filter(Boolean)};
}
