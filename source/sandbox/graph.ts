// Microsoft Graph v1.0 under /v1.0/. The tenant a request acts in is its token's tenant, as in
// real Graph; forbidden tenants answer 403, and 429/503 are injected at the knobs' rates.
import type {Route, SandboxReply, SandboxRequest} from './contract.js';
import {isGrant, type SandboxContext} from './context.js';
import {graphError} from './errors.js';
import {carriesScope, requirementOf} from './graph-access.js';
import {contextUrl, pageReply, project} from './graph-reply.js';
import {relationshipsReply} from './relationships.js';
import {findUser, getUser, listUsers, patchUser, shapeUser} from './graph-users.js';
import {ODataError, parseQuery, type QueryRules} from './odata.js';
import type {TenantDetail} from './tenant-detail.js';
import type {TenantRecord} from './world.js';

type Json = Record<string, unknown>;
type Handler = (request: SandboxRequest, detail: TenantDetail, tenant: TenantRecord, rest: string[]) => SandboxReply;

const rules = (type: string, maxTop = 999, directory = true): QueryRules => ({type: `microsoft.graph.${type}`, maxTop, directory});

function collection(request: SandboxRequest, path: string, type: string, records: readonly Json[], pageSize = 100, maxTop = 999, directory = true): SandboxReply {
	const query = parseQuery(request.url, request.headers, rules(type, maxTop, directory));
	return pageReply(request, query, records, {contextPath: path, pageSize, shape: record => project(record, `microsoft.graph.${type}`, query.select)});
}

function entity(request: SandboxRequest, path: string, type: string, record: Json | undefined, key: string): SandboxReply {
	if (!record) return graphError(request, 404, 'Request_ResourceNotFound', `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`);
	const query = parseQuery(request.url, request.headers, rules(type));
	return {status: 200, body: {'@odata.context': contextUrl(request, path, query.select, true), ...project(record, `microsoft.graph.${type}`, query.select)}};
}

function segmentNotFound(request: SandboxRequest, segment: string): SandboxReply {
	return graphError(request, 400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

function partnerCustomers(context: SandboxContext) {
	return {
		gdap: (tenant: TenantRecord): Json[] => (context.world.isPartner(tenant.tenantId) ? context.world.customers.filter(customer => customer.gdap).map(customer => ({id: customer.tenantId, displayName: customer.name, tenantId: customer.tenantId})) : []),
		contracts: (tenant: TenantRecord): Json[] =>
			context.world.isPartner(tenant.tenantId)
				? context.world.customers.flatMap(customer => (customer.contract ? [{id: customer.contract.id, deletedDateTime: null, contractType: customer.contract.contractType, customerId: customer.tenantId, defaultDomainName: customer.contract.defaultDomainName, displayName: customer.contract.displayName}] : []))
				: [],
	};
}

/** Public facts about any tenant by id, as partners use to name a GDAP-only customer. */
function tenantInformation(request: SandboxRequest, context: SandboxContext, tenantId: string): SandboxReply {
	const found = context.world.find(tenantId);
	if (!found || found.tenantId !== tenantId.toLowerCase()) return graphError(request, 404, 'Request_ResourceNotFound', `Tenant information for '${tenantId}' was not found.`);
	const info = {tenantId: found.tenantId, displayName: found.name, defaultDomainName: found.customDomain ?? found.initialDomain, federationBrandName: null};
	return {status: 200, body: {'@odata.context': contextUrl(request, 'microsoft.graph.tenantInformation', undefined), ...info}};
}

function handlers(context: SandboxContext): Record<string, Record<string, Handler>> {
	const partner = partnerCustomers(context);
	return {
		GET: {
			tenantRelationships(request, _detail, tenant, rest) {
				const lookup = /^findTenantInformationByTenantId\(tenantId='([^']*)'\)$/.exec(decodeURIComponent(rest[0] ?? ''));
				if (lookup) return tenantInformation(request, context, lookup[1]!);
				if (rest[0] === 'delegatedAdminRelationships') return relationshipsReply(context, request, tenant, rest[1]);
				if (rest[0] !== 'delegatedAdminCustomers') return segmentNotFound(request, rest[0] ?? 'tenantRelationships');
				const customers = partner.gdap(tenant);
				if (rest.length === 1) return collection(request, 'tenantRelationships/delegatedAdminCustomers', 'delegatedAdminCustomer', customers, 100, 300, false);
				return entity(request, 'tenantRelationships/delegatedAdminCustomers', 'delegatedAdminCustomer', customers.find(customer => customer.id === rest[1]), rest[1]);
			},
			contracts(request, _detail, tenant, rest) {
				const contracts = partner.contracts(tenant);
				if (rest.length === 0) return collection(request, 'contracts', 'contract', contracts);
				return entity(request, 'contracts', 'contract', contracts.find(contract => contract.id === rest[0]), rest[0]);
			},
			organization(request, detail, _tenant, rest) {
				if (rest.length === 0) return collection(request, 'organization', 'organization', [detail.organization]);
				return entity(request, 'organization', 'organization', rest[0] === detail.organization.id ? detail.organization : undefined, rest[0]);
			},
			domains(request, detail, _tenant, rest) {
				if (rest.length === 0) return collection(request, 'domains', 'domain', detail.domains);
				return entity(request, 'domains', 'domain', detail.domains.find(domain => String(domain.id).toLowerCase() === decodeURIComponent(rest[0]).toLowerCase()), rest[0]);
			},
			users(request, detail, _tenant, rest) {
				if (rest.length === 0) return listUsers(request, detail);
				if (rest.length === 1) return getUser(request, detail, rest[0]);
				return segmentNotFound(request, rest[1]);
			},
			subscribedSkus(request, detail, _tenant, rest) {
				if (rest.length === 0) return collection(request, 'subscribedSkus', 'subscribedSku', detail.subscribedSkus);
				return entity(request, 'subscribedSkus', 'subscribedSku', detail.subscribedSkus.find(sku => sku.id === rest[0]), rest[0]);
			},
			directoryRoles(request, detail, _tenant, rest) {
				const roles = detail.directoryRoles;
				if (rest.length === 0) return collection(request, 'directoryRoles', 'directoryRole', roles.map(role => role.role));
				const found = roles.find(role => role.role.id === rest[0] || role.role.roleTemplateId === rest[0]);
				if (rest.length === 1) return entity(request, 'directoryRoles', 'directoryRole', found?.role, rest[0]);
				if (rest[1] !== 'members' || rest.length > 2) return segmentNotFound(request, rest.at(-1)!);
				if (!found) return entity(request, 'directoryRoles', 'directoryRole', undefined, rest[0]);
				const query = parseQuery(request.url, request.headers, rules('user'));
				const members = found.memberIds.map(id => findUser(detail, id)).filter(user => user !== undefined);
				return pageReply(request, query, members as unknown as Json[], {
					contextPath: 'directoryObjects',
					pageSize: 100,
					shape: user => ({'@odata.type': '#microsoft.graph.user', ...shapeUser(user as never, query.select)}),
				});
			},
			reports(request, detail, _tenant, rest) {
				if (rest[0] !== 'authenticationMethods' || rest[1] !== 'userRegistrationDetails') return segmentNotFound(request, rest.find(part => !['authenticationMethods'].includes(part)) ?? 'reports');
				if (rest.length === 2) return collection(request, 'reports/authenticationMethods/userRegistrationDetails', 'userRegistrationDetails', detail.registrations, 100, 999, false);
				return entity(request, 'reports/authenticationMethods/userRegistrationDetails', 'userRegistrationDetails', detail.registrations.find(entry => entry.id === rest[2]), rest[2]);
			},
			me(request, detail, tenant, rest) {
				// Only the partner admin exists as a user, and only in the partner tenant.
				const admin = context.world.isPartner(tenant.tenantId) ? detail.users[0] : undefined;
				if (!admin || rest.length > 0) return graphError(request, 404, 'Request_ResourceNotFound', "Resource 'me' does not exist or one of its queried reference-property objects are not present.");
				return getUser(request, detail, admin.id);
			},
		},
		PATCH: {
			users(request, detail, _tenant, rest) {
				if (rest.length !== 1) return segmentNotFound(request, rest[1] ?? 'users');
				return patchUser(request, detail, rest[0]);
			},
		},
	};
}

/**
 * With only User.Read a token reads the organization's id, displayName and verifiedDomains, nothing
 * more (Graph permissions reference, User.Read); Organization.Read.All or Directory.Read.All read it all.
 */
function readableDetail(detail: TenantDetail, first: string, scopes: readonly string[] | undefined): TenantDetail {
	if (first !== 'organization' || !scopes || carriesScope(scopes, ['Organization.Read.All', 'Organization.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'])) return detail;
	const {id, displayName, verifiedDomains} = detail.organization as Record<string, unknown>;
	return {...detail, organization: {id, displayName, verifiedDomains}};
}

export function graphRoutes(context: SandboxContext): Route {
	const table = handlers(context);
	const known = new Set(Object.values(table).flatMap(methods => Object.keys(methods)));
	return request => {
		const {pathname} = request.url;
		if (pathname !== '/v1.0' && !pathname.startsWith('/v1.0/')) return undefined;
		const grant = context.authorize(request, 'graph');
		if (!isGrant(grant)) return grant;
		const roll = context.random.next();
		// The header is whole seconds (RFC 9110); Graph SDKs' retry handlers refuse "0.5".
		const retryAfter = {'Retry-After': String(Math.ceil(context.knobs.retryAfterSec))};
		if (roll < context.knobs.rate429) return graphError(request, 429, 'TooManyRequests', 'Too many requests. Please retry after the time in the Retry-After header.', retryAfter);
		if (roll < context.knobs.rate429 + context.knobs.rate503) return graphError(request, 503, 'serviceNotAvailable', 'Service unavailable. Please retry after the time in the Retry-After header.', retryAfter);
		const tenant = context.world.find(grant.tenantId);
		if (!tenant) return graphError(request, 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid tenant.');
		if (context.isForbidden(tenant)) return graphError(request, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
		const [first = '', ...rest] = pathname.slice('/v1.0/'.length).split('/').filter(Boolean);
		const required = requirementOf(request.method, first, rest);
		if (required && grant.scopes && !carriesScope(grant.scopes, required.scopes)) return graphError(request, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
		if (required?.roles && !context.access.hasAnyRole(tenant, required.roles)) return graphError(request, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
		const handler = table[request.method]?.[first];
		if (!handler) {
			if (known.has(first)) return graphError(request, 405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request uri.');
			return segmentNotFound(request, first || 'v1.0');
		}
		try {
			return handler(request, readableDetail(context.world.detail(tenant), first, grant.scopes), tenant, rest);
		} catch (error) {
			if (error instanceof ODataError) return graphError(request, error.status, error.code, error.message);
			throw error;
		}
	};
}
