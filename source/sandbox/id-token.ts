// The token endpoint's success body, shaped as Microsoft's libraries read it: an RS256 id_token
// (v2.0, iss and tid for the tenant the token is for, verifiable with the JWKS that discovery
// points to), an access token shaped like Graph's and Exchange's (v1.0 claims, opaque to clients
// as Microsoft's are: see signing-key.ts), and client_info
// naming the home tenant, so MSAL files customer-tenant tokens under the same account.
import {createHash, randomBytes} from 'node:crypto';
import type {SandboxRequest, TokenGrant} from './contract.js';
import type {SandboxContext} from './context.js';
import {issuerFor} from './discovery.js';
import {signAccessJwt, signJwt} from './signing-key.js';
import type {Account} from './tokens.js';
import {clouds, type CloudName} from '../adapters/cloud.js';

/** The audience of each service in the cloud the sandbox poses as: the host its scope named. */
function audience(cloud: CloudName, resource: TokenGrant['resource']): string {
	const endpoints = clouds[cloud];
	return resource === 'graph' ? endpoints.graphUrl : resource === 'exchange' ? endpoints.exchangeUrl : endpoints.partnerCenterUrl;
}

/**
 * The v1.0 token service each cloud stamps as iss (sts.windows.net worldwide; the US Government
 * clouds' and 21Vianet's own). Clients never read it: access tokens are the resource's business.
 */
const STS: Record<CloudName, string> = {public: 'https://sts.windows.net', usgov: 'https://login.microsoftonline.us', dod: 'https://login.microsoftonline.us', china: 'https://sts.chinacloudapi.cn'};
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
/** What `.default` stands for: the delegated permissions the sandbox's app is consented to. */
const DEFAULT_PERMISSIONS: Record<TokenGrant['resource'], string> = {
	graph: 'AuditLog.Read.All CrossTenantInformation.ReadBasic.All DelegatedAdminRelationship.Read.All Directory.Read.All User.ReadWrite.All',
	exchange: 'Exchange.Manage',
	partnercenter: 'user_impersonation',
};

function base64url(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** "https://graph.microsoft.com/User.Read openid" → "User.Read"; `.default` → the consented set. */
export function scopeClaim(scope: string, resource: TokenGrant['resource']): string {
	const names = scope.split(/\s+/).filter(item => item && !OIDC_SCOPES.has(item.toLowerCase())).map(item => item.slice(item.lastIndexOf('/') + 1));
	const explicit = names.filter(name => name !== '.default');
	return explicit.length > 0 && explicit.length === names.length ? explicit.join(' ') : DEFAULT_PERMISSIONS[resource];
}

export function idToken(account: Account, issuer: string, tenantId: string, clientId: string, nowSec: number): Promise<string> {
	return signJwt({
		aud: clientId,
		iss: issuer,
		iat: nowSec,
		nbf: nowSec,
		exp: nowSec + 3600,
		name: account.name,
		oid: account.accountId,
		preferred_username: account.username,
		// Pairwise per app and user, as the real sub claim is.
		sub: createHash('sha256').update(`${clientId}:${account.accountId}`).digest('base64url').slice(0, 43),
		tid: tenantId,
		uti: randomBytes(16).toString('base64url'),
		ver: '2.0',
	});
}

/** Graph's and Exchange's access tokens are v1.0 whichever endpoint issued them; clients read, never verify, them. */
function accessToken(cloud: CloudName, account: Account, tenantId: string, resource: TokenGrant['resource'], scope: string, granted: readonly string[], clientId: string, nowSec: number, lifetime: number): string {
	return signAccessJwt({
		aud: audience(cloud, resource),
		iss: `${STS[cloud]}/${tenantId}/`,
		iat: nowSec,
		nbf: nowSec,
		exp: nowSec + Math.floor(lifetime),
		appid: clientId,
		idtyp: 'user',
		name: account.name,
		oid: account.accountId,
		scp: granted.length > 0 ? granted.join(' ') : scopeClaim(scope, resource),
		tid: tenantId,
		unique_name: account.username,
		upn: account.username,
		uti: randomBytes(16).toString('base64url'),
		ver: '1.0',
	});
}

/**
 * Issues access + refresh tokens for one tenant and resource and returns the token response body.
 * The id_token's issuer uses the request's own scheme and host, as discovery at that host says.
 */
export async function tokenResponse(context: SandboxContext, account: Account, tenantId: string, resource: TokenGrant['resource'], scope: string, clientId: string, granted: readonly string[] = [], request?: SandboxRequest) {
	const now = Date.now();
	const lifetime = context.knobs.tokenLifetimeSec;
	const nowSec = Math.floor(now / 1000);
	const grant = {tenantId, resource, scopes: granted, accountId: account.accountId, username: account.username, expiresAt: now + lifetime * 1000};
	const access = context.tokens.issueAccess(grant, accessToken(context.knobs.cloud, account, tenantId, resource, scope, granted, clientId, nowSec, lifetime));
	context.stats.tokensIssued++;
	const issuer = request ? issuerFor(request, tenantId) : `https://login.microsoftonline.com/${tenantId}/v2.0`;
	// As Microsoft's: an id token only when openid was asked for, a refresh token only with offline_access.
	const asked = new Set(scope.toLowerCase().split(/\s+/));
	return {
		token_type: 'Bearer',
		scope: withGrantedScopes(scope, granted),
		expires_in: Math.floor(lifetime),
		ext_expires_in: Math.floor(lifetime),
		access_token: access,
		...(asked.has('offline_access') ? {refresh_token: context.tokens.issueRefresh(account, clientId, now)} : {}),
		...(asked.has('openid') ? {id_token: await idToken(account, issuer, tenantId, clientId, nowSec)} : {}),
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
