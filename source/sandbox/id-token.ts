// The token endpoint's success body, shaped as @azure/msal-node 7 reads it: an unsigned id_token
// (alg none) whose tid is the tenant the token is for, and client_info naming the home tenant, so
// MSAL files customer-tenant tokens under the same account.
import {createHash} from 'node:crypto';
import type {TokenGrant} from './contract.js';
import type {SandboxContext} from './context.js';
import type {Account} from './tokens.js';

function base64url(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function idToken(account: Account, tenantId: string, clientId: string, nowSec: number): string {
	const claims = {
		aud: clientId,
		iss: `https://login.microsoftonline.com/${tenantId}/v2.0`,
		iat: nowSec,
		nbf: nowSec,
		exp: nowSec + 3600,
		name: account.name,
		oid: account.accountId,
		preferred_username: account.username,
		// Pairwise per app and user, as the real sub claim is.
		sub: createHash('sha256').update(`${clientId}:${account.accountId}`).digest('base64url').slice(0, 43),
		tid: tenantId,
		ver: '2.0',
	};
	return `${base64url({typ: 'JWT', alg: 'none'})}.${base64url(claims)}.`;
}

/** Issues access + refresh tokens for one tenant and resource and returns the token response body. */
export function tokenResponse(context: SandboxContext, account: Account, tenantId: string, resource: TokenGrant['resource'], scope: string, clientId: string, granted: readonly string[] = []) {
	const now = Date.now();
	const lifetime = context.knobs.tokenLifetimeSec;
	const accessToken = context.tokens.issueAccess({tenantId, resource, scopes: granted, accountId: account.accountId, username: account.username, expiresAt: now + lifetime * 1000});
	context.stats.tokensIssued++;
	const nowSec = Math.floor(now / 1000);
	return {
		token_type: 'Bearer',
		scope: withGrantedScopes(scope, granted),
		expires_in: Math.floor(lifetime),
		ext_expires_in: Math.floor(lifetime),
		access_token: accessToken,
		refresh_token: context.tokens.issueRefresh(account, clientId, now),
		id_token: idToken(account, tenantId, clientId, nowSec),
		client_info: base64url({uid: account.accountId, utid: account.homeTenantId}),
	};
}

/**
 * The scope field lists what was asked for (so MSAL finds the token again under `.default`) plus
 * each delegated scope granted, under the same resource prefix, as Microsoft's answer names them.
 */
function withGrantedScopes(scope: string, granted: readonly string[]): string {
	const asked = scope.split(/\s+/).filter(Boolean);
	const resource = asked.find(item => item.includes('/'));
	if (!resource || granted.length === 0) return scope;
	const prefix = resource.slice(0, resource.lastIndexOf('/') + 1);
	const extra = granted.map(name => `${prefix}${name}`).filter(item => !asked.includes(item));
	return [...asked, ...extra].join(' ');
}
