// Partner Center's application consent API, the way partners grant their multi-tenant app into a
// customer (learn.microsoft.com/partner-center/developer/control-panel-vendor-apis): POST
// /v1/customers/{customerTenantId}/applicationconsents acquires, DELETE .../applicationconsents/{appId}
// removes, GET .../applicationconsents/{appId} shows it. It needs a partner-tenant token for
// Partner Center and a GDAP role that may consent; a second POST answers 409 whatever scopes the
// existing consent holds, which is why a short consent must be removed and granted again.
import {consentRoles, exchangeAppId, graphAppId, roleNames} from '../core/permissions.js';
import type {Route, SandboxReply, SandboxRequest} from './contract.js';
import {isGrant, type SandboxContext} from './context.js';
import {APP_GRAPH_SCOPES, type Consent} from './access.js';
import type {TenantRecord} from './world.js';

const PATH = /^\/v1\/customers\/([^/]+)\/applicationconsents(?:\/([^/]+))?$/i;

type Grant = {enterpriseApplicationId?: unknown; scope?: unknown};

/** Partner Center's error body (developer/error-codes): a numeric code, a description, data and where it came from. */
function partnerCenterError(request: SandboxRequest, status: number, code: number, description: string): SandboxReply {
	return {status, headers: {'MS-CorrelationId': request.requestId ?? ''}, body: {code, description, data: [], source: 'PartnerFD'}};
}

/** The consent as the POST body named it, for GET. */
function consentBody(applicationId: string, consent: Consent): Record<string, unknown> {
	const grants = [{enterpriseApplicationId: graphAppId, scope: consent.graph.join(',')}];
	if (consent.exchange) grants.push({enterpriseApplicationId: exchangeAppId, scope: 'Exchange.Manage'});
	return {applicationId, applicationGrants: grants};
}

export function partnerCenterRoutes(context: SandboxContext): Route {
	const known = new Map(APP_GRAPH_SCOPES.map(scope => [scope.toLowerCase(), scope]));
	return request => {
		const match = PATH.exec(request.url.pathname);
		if (!match) return undefined;
		const applicationId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
		const allowed = applicationId === undefined ? ['POST'] : ['GET', 'DELETE'];
		if (!allowed.includes(request.method)) return partnerCenterError(request, 405, 405, `The sandbox serves only ${allowed.join(' and ')} on ${request.url.pathname}.`);
		const grant = context.authorize(request, 'partnercenter');
		if (!isGrant(grant)) return {...grant, body: {code: 401, description: 'Authentication failed: the access token is missing, expired, or not for Partner Center.', data: [], source: 'PartnerFD'}};
		if (!context.world.isPartner(grant.tenantId)) return partnerCenterError(request, 401, 900417, 'The access token is not for a partner tenant.');
		const key = decodeURIComponent(match[1]!);
		const customer = context.world.find(key);
		if (!customer || context.world.isPartner(customer.tenantId) || (!customer.gdap && !customer.contract)) {
			return partnerCenterError(request, 404, 600008, `The customer '${key}' was not found or has no relationship with this partner.`);
		}
		if (applicationId !== undefined) return existing(request, customer, applicationId);
		const body = (request.body ?? {}) as {applicationId?: unknown; applicationGrants?: unknown};
		if (typeof body.applicationId !== 'string' || !/^[0-9a-f-]{36}$/i.test(body.applicationId)) return partnerCenterError(request, 400, 600001, 'applicationId must be the application (client) id of your multi-tenant app.');
		if (!Array.isArray(body.applicationGrants) || body.applicationGrants.length === 0) return partnerCenterError(request, 400, 600001, 'applicationGrants must list at least one grant.');
		let graph: string[] = [];
		let exchange = false;
		for (const item of body.applicationGrants as Grant[]) {
			if (typeof item?.enterpriseApplicationId !== 'string' || typeof item.scope !== 'string') return partnerCenterError(request, 400, 600001, 'Each application grant needs enterpriseApplicationId and scope.');
			const scopes = item.scope.split(',').map(scope => scope.trim()).filter(Boolean);
			if (item.enterpriseApplicationId === graphAppId) {
				const unknown = scopes.filter(scope => !known.has(scope.toLowerCase()));
				if (unknown.length > 0) return partnerCenterError(request, 400, 600001, `The application does not request the permission(s) ${unknown.join(', ')} in its registration.`);
				graph = scopes.map(scope => known.get(scope.toLowerCase())!);
			} else if (item.enterpriseApplicationId === exchangeAppId) {
				if (!scopes.includes('Exchange.Manage')) return partnerCenterError(request, 400, 600001, 'Office 365 Exchange Online grants Exchange.Manage only.');
				exchange = true;
			} else return partnerCenterError(request, 400, 600001, `Unknown enterprise application '${item.enterpriseApplicationId}'.`);
		}
		if (!context.access.hasAnyRole(customer, consentRoles)) return noConsentRole(request, customer);
		if (context.access.consentIn(customer)) return partnerCenterError(request, 409, 600049, 'Permission entry already exists.');
		context.access.grant(customer, {graph, exchange});
		return {status: 201, body: {applicationId: body.applicationId, applicationGrants: body.applicationGrants}};
	};

	function existing(request: SandboxRequest, customer: TenantRecord, applicationId: string): SandboxReply {
		const consent = context.access.consentIn(customer);
		if (!consent) return partnerCenterError(request, 404, 600050, `No consent for application '${applicationId}' exists in '${customer.defaultDomain}'.`);
		if (request.method === 'GET') return {status: 200, body: consentBody(applicationId, consent)};
		if (!context.access.hasAnyRole(customer, consentRoles)) return noConsentRole(request, customer);
		context.access.revoke(customer);
		return {status: 204};
	}
}

function noConsentRole(request: SandboxRequest, customer: TenantRecord): SandboxReply {
	return partnerCenterError(request, 403, 600040, `Your GDAP relationship with '${customer.defaultDomain}' has no role that may grant consent (${roleNames(consentRoles)}).`);
}
