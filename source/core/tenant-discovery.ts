// Finds the partner's customers: GDAP relationships first, merged with DAP-era contracts, one row
// per tenant id. GDAP gives no domain, so contracts supply it, and tenants known only through
// GDAP have their default domain looked up by tenant id.

import type {GraphPort} from './ports.js';
import type {Tenant} from './tenant.js';
import {asTenantdeckError, TenantdeckError} from './errors.js';
import {mapLimit} from './map-limit.js';
import {printable} from './reports/columns.js';

type GdapCustomer = {id?: string; tenantId?: string; displayName?: string};
type Contract = {customerId?: string; defaultDomainName?: string; displayName?: string};
type TenantInformation = {tenantId?: string; defaultDomainName?: string; displayName?: string};

export type Discovery = {
	tenants: Tenant[];
	/** Set when one source could not be read: the list may be missing customers. */
	warning?: string;
};

export async function discoverTenants(graph: GraphPort, signal?: AbortSignal): Promise<Discovery> {
	const [gdap, contracts] = await Promise.all([
		collect(graph.list<GdapCustomer>('/v1.0/tenantRelationships/delegatedAdminCustomers?$top=300', {signal})),
		collect(graph.list<Contract>('/v1.0/contracts?$top=999', {signal})),
	]);
	if (gdap.failed && contracts.failed) throw gdap.failed;
	const failed = gdap.failed ? ['GDAP relationships', gdap.failed] as const : contracts.failed ? ['contracts', contracts.failed] as const : undefined;
	const warning = failed ? `Could not read your ${failed[0]} (${failed[1].message}); customers known only there are missing. Refresh to try again.` : undefined;

	const byId = new Map<string, {name: string; domain?: string; gdap: boolean; contract: boolean}>();
	for (const customer of gdap.items) {
		const id = (customer.tenantId ?? customer.id ?? '').toLowerCase();
		if (id) byId.set(id, {name: customer.displayName ?? id, gdap: true, contract: false});
	}
	for (const contract of contracts.items) {
		const id = (contract.customerId ?? '').toLowerCase();
		if (!id) continue;
		const known = byId.get(id);
		// GDAP names are current; contract names are copies from when the relationship began.
		if (known) Object.assign(known, {domain: contract.defaultDomainName, contract: true});
		else byId.set(id, {name: contract.displayName ?? id, domain: contract.defaultDomainName, gdap: false, contract: true});
	}

	const tenants = await mapLimit([...byId], 16, async ([tenantId, entry]) => {
		const domain = entry.domain ?? (await lookUpDomain(graph, tenantId, signal));
		const source = entry.gdap && entry.contract ? 'both' : entry.gdap ? 'gdap' : 'contract';
		return {tenantId, tenantDomain: printable(domain ?? tenantId), tenantName: printable(entry.name), source} satisfies Tenant;
	});
	return {tenants: tenants.sort((a, b) => a.tenantName.localeCompare(b.tenantName)), warning};
}

async function lookUpDomain(graph: GraphPort, tenantId: string, signal?: AbortSignal): Promise<string | undefined> {
	try {
		const info = await graph.get<TenantInformation>(`/v1.0/tenantRelationships/findTenantInformationByTenantId(tenantId='${tenantId}')`, {signal});
		return info.defaultDomainName;
	} catch {
		return undefined;
	}
}

async function collect<T>(items: AsyncIterable<T>): Promise<{items: T[]; failed?: TenantdeckError}> {
	const result: T[] = [];
	try {
		for await (const item of items) result.push(item);
		return {items: result};
	} catch (error) {
		return {items: result, failed: asTenantdeckError(error)};
	}
}
