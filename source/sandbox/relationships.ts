// The partner's GDAP relationships as Graph serves them (tenantRelationships/delegatedAdminRelationships):
// one active relationship per GDAP customer whose accessDetails.unifiedRoles are the roles the
// access ledger says it holds, so a preflight reads what the routes enforce.
import type {SandboxReply, SandboxRequest} from './contract.js';
import type {SandboxContext} from './context.js';
import {graphError} from './errors.js';
import {pageReply, project} from './graph-reply.js';
import {parseQuery} from './odata.js';
import {Random, seedFrom} from './random.js';
import type {TenantRecord} from './world.js';

type Json = Record<string, unknown>;

const TYPE = 'microsoft.graph.delegatedAdminRelationship';

function relationshipOf(context: SandboxContext, customer: TenantRecord): Json {
	const random = new Random(seedFrom(context.world.seed, 'gdap', customer.tenantId));
	const created = Date.parse(customer.createdDateTime) + random.next() * 30 * 24 * 3600 * 1000;
	const start = Math.max(created, Date.UTC(2023, 0, 1) + random.next() * 365 * 24 * 3600 * 1000);
	const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
	return {
		// Microsoft's relationship ids are two GUIDs joined by a hyphen.
		id: `${random.guid()}-${random.guid()}`,
		displayName: `Northwind_${customer.initialDomain.split('.')[0]}`.slice(0, 50),
		duration: 'P730D',
		autoExtendDuration: 'P180D',
		status: 'active',
		customer: {displayName: customer.name, tenantId: customer.tenantId},
		accessDetails: {unifiedRoles: (context.access.rolesIn(customer) ?? []).map(role => ({roleDefinitionId: role.id}))},
		createdDateTime: stamp(start),
		activatedDateTime: stamp(start + 3600 * 1000),
		lastModifiedDateTime: stamp(start + 3600 * 1000),
		endDateTime: stamp(start + 730 * 24 * 3600 * 1000),
	};
}

/** GET …/delegatedAdminRelationships[/{id}], with the one $filter partners use: customer/tenantId eq '…'. */
export function relationshipsReply(context: SandboxContext, request: SandboxRequest, tenant: TenantRecord, id: string | undefined): SandboxReply {
	const all = context.world.isPartner(tenant.tenantId) ? context.world.customers.filter(customer => customer.gdap).map(customer => relationshipOf(context, customer)) : [];
	if (id) {
		const found = all.find(relationship => relationship.id === id);
		if (!found) return graphError(request, 404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
		return {status: 200, body: {'@odata.context': `${request.url.protocol}//${request.url.host}/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships/$entity`, ...project(found, TYPE, undefined)}};
	}
	const filter = request.url.searchParams.get('$filter');
	let records = all;
	if (filter !== null) {
		const match = /^\s*customer\/tenantId\s+eq\s+'([^']*)'\s*$/i.exec(filter);
		if (!match) return graphError(request, 400, 'BadRequest', `Invalid filter clause: the sandbox filters delegatedAdminRelationships by customer/tenantId eq '<id>' only.`);
		records = all.filter(relationship => (relationship.customer as Json).tenantId === match[1]!.toLowerCase());
	}
	const rest = new URL(request.url);
	rest.searchParams.delete('$filter');
	const query = parseQuery(rest, request.headers, {type: TYPE, maxTop: 300, directory: false});
	return pageReply(request, query, records, {contextPath: 'tenantRelationships/delegatedAdminRelationships', pageSize: 100, shape: record => project(record, TYPE, query.select)});
}
