// Partner Center's application consent API, the way partners grant their multi-tenant app into a
// customer (POST /v1/customers/{customerTenantId}/applicationconsents): it needs a partner-tenant
// token for Partner Center and a GDAP role that may consent; a second grant answers 409.
import {consentRoles, exchangeAppId, graphAppId, roleNames} from '../core/permissions.js';
import type {Route, SandboxReply, SandboxRequest} from './contract.js';
import {isGrant, type SandboxContext} from './context.js';
import {APP_GRAPH_SCOPES} from './access.js';

const PATH = /^\/v1\/customers\/([^/]+)\/applicationconsents$/i;

type Grant = {enterpriseApplicationId?: unknown; scope?: unknown};

/** Partner Center's error body: a numeric code, a description, and where it came from. */
function partnerCenterError(request: SandboxRequest, status: number, code: number, description: string): SandboxReply {
	return {status, headers: {'MS-CorrelationId': request.requestId ?? ''}, body: {code, description, data: [], source: 'PartnerFD'}};
}

export function partnerCenterRoutes(context: SandboxContext): Route {
	const known = new Map(APP_GRAPH_SCOPES.map(scope => [scope.toLowerCase(), scope]));
	return request => {
		const match = PATH.exec(request.url.pathname);
		if (!match) return undefined;
		if (request.method !== 'POST') return partnerCenterError(request, 405, 405, `The sandbox serves only POST on ${request.url.pathname}.`);
		const grant = context.authorize(request, 'partnercenter');
		if (!isGrant(grant)) return {...grant, body: {code: 401, description: 'Authentication failed: the access token is missing, expired, or not for Partner Center.', data: [], source: 'PartnerFD'}};
		if (!context.world.isPartner(grant.tenantId)) return partnerCenterError(request, 401, 900417, 'The access token is not for a partner tenant.');
		const key = decodeURIComponent(match[1]!);
		const customer = context.world.find(key);
		if (!customer || context.world.isPartner(customer.tenantId) || (!customer.gdap && !customer.contract)) {
			return partnerCenterError(request, 404, 600008, `The customer '${key}' was not found or has no relationship with this partner.`);
		}
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
		if (!context.access.hasAnyRole(customer, consentRoles)) {
			return partnerCenterError(request, 403, 600040, `Your GDAP relationship with '${customer.defaultDomain}' has no role that may grant consent (${roleNames(consentRoles)}).`);
		}
		if (context.access.consentIn(customer)) return partnerCenterError(request, 409, 600049, 'Permission entry already exists.');
		context.access.grant(customer, {graph, exchange});
		return {status: 201, body: {applicationId: body.applicationId, applicationGrants: body.applicationGrants}};
	};
}
