// The identity platform as @azure/msal-node 7 uses it: /{tenant}/oauth2/v2.0/devicecode and
// /{tenant}/oauth2/v2.0/token (device_code and refresh_token grants), form-encoded, AADSTS errors.
// Every sign-in becomes the partner admin; a refresh at a customer's authority yields a token
// for that customer tenant, as GDAP does.
import type {Route, SandboxReply, SandboxRequest, TokenGrant} from './contract.js';
import type {SandboxContext} from './context.js';
import {aadError} from './errors.js';
import {tokenResponse} from './id-token.js';
import type {Account} from './tokens.js';
import {clouds, type CloudName} from '../adapters/cloud.js';
import {SIGN_IN_ERRORS} from './sign-in-errors.js';
import {cloudOfServiceHost, crossCloudRefusal, signsInElsewhere} from './cross-cloud.js';
import {PARTNER_ADMIN, PARTNER_TENANT_ID, type TenantRecord} from './world.js';

const PATH = /^\/([^/]+)\/oauth2\/v2\.0\/(devicecode|token)$/;
// RFC 8628's name, and the short one @azure/msal-node sends; Microsoft accepts both.
const DEVICE_CODE_GRANTS = new Set(['urn:ietf:params:oauth:grant-type:device_code', 'device_code']);
const VERIFICATION_URI = 'https://microsoft.com/devicelogin';
const GRAPH_APP = '00000003-0000-0000-c000-000000000000';
const EXCHANGE_APP = '00000002-0000-0ff1-ce00-000000000000';
const PARTNER_CENTER_APP = 'fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd';

const partnerAdmin: Account = {accountId: PARTNER_ADMIN.id, username: PARTNER_ADMIN.userPrincipalName, name: PARTNER_ADMIN.displayName, homeTenantId: PARTNER_TENANT_ID};

type Form = Record<string, string | undefined>;

function missing(request: SandboxRequest, name: string): SandboxReply {
	return aadError(request, 400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);
}

function tenantNotFound(request: SandboxRequest, name: string, error: string): SandboxReply {
	return aadError(request, 400, error, 90002, `Tenant '${name}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`);
}

/** organizations/common mean the account's home tenant; anything else must exist in the world. */
function resolveTenant(context: SandboxContext, segment: string): TenantRecord | undefined {
	if (segment === 'organizations' || segment === 'common') return context.world.partner;
	return context.world.find(decodeURIComponent(segment));
}

/**
 * Which service a scope names, by the host of the cloud the sandbox poses as or the service's app
 * id. A service host of a cloud with another login host means a client set up for that cloud
 * (see cross-cloud.ts); any other host is unknown here, as example.com is to Microsoft.
 */
function resourceOfScope(context: SandboxContext, item: string): TokenGrant['resource'] | 'unknown' | {clientCloud: CloudName} | undefined {
	const lower = item.toLowerCase();
	if (!lower.includes('/')) return undefined;
	const prefix = lower.slice(0, lower.lastIndexOf('/'));
	const cloud = clouds[context.knobs.cloud];
	if (prefix === GRAPH_APP || prefix === cloud.graphUrl) return 'graph';
	if (prefix === EXCHANGE_APP || prefix === cloud.exchangeUrl) return 'exchange';
	if (prefix === PARTNER_CENTER_APP || prefix === cloud.partnerCenterUrl) return 'partnercenter';
	const clientCloud = cloudOfServiceHost(prefix);
	if (clientCloud && signsInElsewhere(context.knobs.cloud, clientCloud)) return {clientCloud};
	return 'unknown';
}

/** The one resource a scope list asks for, or the AADSTS reply when it names none we serve or two. */
function resourceOf(context: SandboxContext, request: SandboxRequest, scope: string, tenant: TenantRecord): TokenGrant['resource'] | SandboxReply {
	const resources = new Set<TokenGrant['resource']>();
	for (const item of scope.split(/\s+/).filter(Boolean)) {
		const resource = resourceOfScope(context, item);
		if (typeof resource === 'object') return crossCloudRefusal(request, context.knobs.cloud, resource.clientCloud, tenant.name);
		if (resource === 'unknown') {
			const name = item.slice(0, item.lastIndexOf('/'));
			return aadError(request, 400, 'invalid_resource', 500011, `The resource principal named ${name} was not found in the tenant named ${tenant.name}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`);
		}
		if (resource) resources.add(resource);
	}
	if (resources.size > 1) return aadError(request, 400, 'invalid_scope', 28000, 'Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ' + scope + ' is not valid.');
	// Bare scopes (User.Read, openid) mean Microsoft Graph, as on the real endpoint.
	return [...resources][0] ?? 'graph';
}

function deviceCode(context: SandboxContext, request: SandboxRequest, tenant: TenantRecord, form: Form): SandboxReply {
	if (!form.client_id) return missing(request, 'client_id');
	const scope = form.scope ?? '';
	const resource = resourceOf(context, request, scope, tenant);
	if (typeof resource !== 'string') return resource;
	const expiresIn = context.knobs.deviceCodeLifetimeSec;
	const {deviceCode: code, userCode} = context.tokens.newDeviceCode({tenantId: tenant.tenantId, scope, clientId: form.client_id, expiresAt: Date.now() + expiresIn * 1000});
	return {
		status: 200,
		body: {
			user_code: userCode,
			device_code: code,
			verification_uri: VERIFICATION_URI,
			expires_in: expiresIn,
			interval: context.knobs.deviceCodeIntervalSec,
			message: `To sign in, use a web browser to open the page ${VERIFICATION_URI} and enter the code ${userCode} to authenticate.`,
		},
	};
}

async function deviceCodeGrant(context: SandboxContext, request: SandboxRequest, form: Form, clientId: string): Promise<SandboxReply> {
	if (!form.device_code) return missing(request, 'device_code');
	const entry = context.tokens.deviceCodes.get(form.device_code);
	if (!entry || entry.redeemed) return aadError(request, 400, 'invalid_grant', 70000, "The provided value for the 'device_code' parameter is not valid.");
	if (entry.expiresAt <= Date.now()) return aadError(request, 400, 'expired_token', 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired.");
	entry.polls++;
	if (!entry.approved && entry.polls <= context.knobs.pendingPolls) {
		return aadError(request, 400, 'authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.');
	}
	entry.redeemed = true;
	if (context.knobs.signInError !== 'none') {
		const refusal = SIGN_IN_ERRORS[context.knobs.signInError];
		return aadError(request, 400, refusal.error, refusal.code, refusal.description(clientId), 'suberror' in refusal ? {suberror: refusal.suberror} : {});
	}
	const tenant = context.world.find(entry.tenantId)!;
	const resource = resourceOf(context, request, entry.scope, tenant) as TokenGrant['resource'];
	return {status: 200, body: await tokenResponse(context, partnerAdmin, tenant.tenantId, resource, entry.scope, clientId, grantedScopes(context, tenant, resource) ?? [], request)};
}

async function refreshGrant(context: SandboxContext, request: SandboxRequest, tenant: TenantRecord, form: Form, clientId: string): Promise<SandboxReply> {
	if (!form.refresh_token) return missing(request, 'refresh_token');
	const entry = context.tokens.lookupRefresh(form.refresh_token);
	const issued = entry ? new Date(entry.issuedAt).toISOString() : '';
	// suberror bad_token tells MSAL to drop the refresh token and ask for a new sign-in.
	if (!entry) return aadError(request, 400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.', {suberror: 'bad_token'});
	if (entry.state === 'revoked') {
		return aadError(request, 400, 'invalid_grant', 50173, `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${issued}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${new Date().toISOString()}'.`, {suberror: 'bad_token'});
	}
	if (entry.state === 'expired' || entry.expiresAt <= Date.now()) {
		return aadError(request, 400, 'invalid_grant', 700082, `The refresh token has expired due to inactivity. The token was issued on '${issued}' and was inactive for 90.00:00:00.`, {suberror: 'bad_token'});
	}
	const scope = form.scope ?? 'openid profile offline_access';
	const resource = resourceOf(context, request, scope, tenant);
	if (typeof resource !== 'string') return resource;
	const granted = grantedScopes(context, tenant, resource);
	if (!granted) {
		// A customer where the partner's multi-tenant app was never consented (Partner Center's applicationconsents).
		return aadError(request, 400, 'invalid_grant', 65001, `The user or administrator has not consented to use the application with ID '${clientId}' named 'tenantdeck'. Send an interactive authorization request for this user and resource.`, {suberror: 'consent_required'});
	}
	const account: Account = {accountId: entry.accountId, username: entry.username, name: entry.name, homeTenantId: entry.homeTenantId};
	return {status: 200, body: await tokenResponse(context, account, tenant.tenantId, resource, scope, clientId, granted, request)};
}

/** The delegated scopes a token for this tenant and service carries, or undefined when the app is not consented there. */
function grantedScopes(context: SandboxContext, tenant: TenantRecord, resource: TokenGrant['resource']): readonly string[] | undefined {
	const consent = context.access.consentIn(tenant);
	if (!consent) return undefined;
	if (resource === 'graph') return consent.graph;
	if (resource === 'exchange') return consent.exchange ? ['Exchange.Manage'] : undefined;
	return ['user_impersonation'];
}

export function identityRoutes(context: SandboxContext): Route {
	return request => {
		const match = PATH.exec(request.url.pathname);
		if (!match) return undefined;
		if (request.method !== 'POST') return aadError(request, 405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
		const [, segment, endpoint] = match;
		const form = (request.body ?? {}) as Form;
		const tenant = resolveTenant(context, segment);
		if (!tenant) return tenantNotFound(request, decodeURIComponent(segment), endpoint === 'token' && form.grant_type === 'refresh_token' ? 'invalid_grant' : 'invalid_request');
		if (endpoint === 'devicecode') return deviceCode(context, request, tenant, form);
		if (!form.client_id) return missing(request, 'client_id');
		if (!form.grant_type) return missing(request, 'grant_type');
		if (DEVICE_CODE_GRANTS.has(form.grant_type)) return deviceCodeGrant(context, request, form, form.client_id);
		if (form.grant_type === 'refresh_token') return refreshGrant(context, request, tenant, form, form.client_id);
		return aadError(request, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${form.grant_type}'.`);
	};
}
