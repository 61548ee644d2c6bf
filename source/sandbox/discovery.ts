// What Microsoft's libraries read before they sign anyone in: OpenID Connect discovery per tenant
// (common, organizations, a tenant id or any of its domains), instance-discovery metadata for
// authority validation, and the JWKS that verifies the sandbox's signed tokens. Every URL is built
// from the request's own scheme and host, so the documents are right over http and https alike.
import type {Route, SandboxReply, SandboxRequest} from './contract.js';
import type {SandboxContext} from './context.js';
import {aadError} from './errors.js';
import {signingKey} from './signing-key.js';
import type {CloudName} from '../adapters/cloud.js';

const OPENID = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const KEYS = /^\/([^/]+)\/discovery(?:\/v2\.0)?\/keys$/;
const INSTANCE = /^\/([^/]+)\/discovery\/instance$/;
/** Path segments Microsoft answers for without a tenant behind them (no `consumers`: the sandbox has no personal accounts). */
const MULTI_TENANT = new Set(['common', 'organizations']);
/** Hosts Microsoft's own instance discovery lists for the public cloud; the sandbox stands in for them. */
const MICROSOFT_ALIASES = ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'];
/** What discovery calls each cloud (cloud_instance_name), as Microsoft's own documents do. */
export const CLOUD_INSTANCE: Record<CloudName, string> = {public: 'microsoftonline.com', usgov: 'microsoftonline.us', dod: 'microsoftonline.us', china: 'partner.microsoftonline.cn'};

export function origin(request: SandboxRequest): string {
	return `${request.url.protocol}//${request.url.host}`;
}

/** The issuer a token for `tenantId` carries; discovery promises the same string. */
export function issuerFor(request: SandboxRequest, tenantId: string): string {
	return `${origin(request)}/${tenantId}/v2.0`;
}

function tenantNotFound(request: SandboxRequest, name: string): SandboxReply {
	return aadError(request, 400, 'invalid_tenant', 90002, `Tenant '${name}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`);
}

/** The tenant segment as endpoints show it (a domain becomes its id), or undefined when unknown. */
function pathTenant(context: SandboxContext, segment: string): string | undefined {
	const name = decodeURIComponent(segment).toLowerCase();
	if (MULTI_TENANT.has(name)) return name;
	return context.world.find(name)?.tenantId;
}

function openidConfiguration(context: SandboxContext, request: SandboxRequest, tenant: string): Record<string, unknown> {
	const base = origin(request);
	const multi = MULTI_TENANT.has(tenant);
	// For common/organizations Microsoft writes a literal {tenantid} placeholder into the issuer.
	const issuer = `${base}/${multi ? '{tenantid}' : tenant}/v2.0`;
	return {
		token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
		token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
		jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
		response_modes_supported: ['query', 'fragment', 'form_post'],
		subject_types_supported: ['pairwise'],
		id_token_signing_alg_values_supported: ['RS256'],
		response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
		scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
		issuer,
		request_uri_parameter_supported: false,
		userinfo_endpoint: `${base}/oidc/userinfo`,
		authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
		device_authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/devicecode`,
		http_logout_supported: true,
		frontchannel_logout_supported: true,
		end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
		claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
		kerberos_endpoint: `${base}/${tenant}/kerberos`,
		tenant_region_scope: multi ? null : 'NA',
		cloud_instance_name: CLOUD_INSTANCE[context.knobs.cloud],
		cloud_graph_host_name: 'graph.windows.net',
		// Graph is served by the same host here.
		msgraph_host: request.url.host,
		rbac_url: 'https://pas.windows.net',
	};
}

function instanceDiscovery(request: SandboxRequest): SandboxReply {
	const endpoint = request.url.searchParams.get('authorization_endpoint');
	const invalid = () => aadError(request, 400, 'invalid_instance', 50049, 'Unknown or invalid instance.');
	if (!endpoint) return aadError(request, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'authorization_endpoint'.");
	let asked: URL;
	try {
		asked = new URL(endpoint);
	} catch {
		return invalid();
	}
	const own = request.url.host;
	// The sandbox vouches for itself, and for Microsoft's hosts when a client keeps those and redirects.
	if (asked.host !== own && !MICROSOFT_ALIASES.includes(asked.host)) return invalid();
	const tenant = asked.pathname.split('/').find(Boolean) ?? 'common';
	return {
		status: 200,
		body: {
			tenant_discovery_endpoint: `${origin(request)}/${tenant}/v2.0/.well-known/openid-configuration`,
			'api-version': '1.1',
			metadata: [
				{preferred_network: own, preferred_cache: own, aliases: [own]},
				{preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: MICROSOFT_ALIASES},
			],
		},
	};
}

export function discoveryRoutes(context: SandboxContext): Route {
	return async request => {
		const {pathname} = request.url;
		const openid = OPENID.exec(pathname);
		const keys = openid ? undefined : KEYS.exec(pathname);
		const instance = openid || keys ? undefined : INSTANCE.exec(pathname);
		if (!openid && !keys && !instance) return undefined;
		if (request.method !== 'GET') return aadError(request, 405, 'invalid_request', 900561, 'The endpoint only accepts GET requests.');
		if (instance) return instanceDiscovery(request);
		const segment = (openid ?? keys)![1]!;
		const tenant = pathTenant(context, segment);
		if (!tenant) return tenantNotFound(request, decodeURIComponent(segment));
		if (keys) return {status: 200, body: {keys: [(await signingKey()).jwk]}};
		return {status: 200, body: openidConfiguration(context, request, tenant)};
	};
}
