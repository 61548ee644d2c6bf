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
	// Stopped (Ctrl+C, the connection closed): no list at all, not a partial one with a warning.
	const cancelled = [gdap.failed, contracts.failed].find(failure => failure?.kind === 'cancelled');
	if (cancelled) throw cancelled;
	if (gdap.failed && contracts.failed) throw customerListError(gdap.failed);
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

	let lookupRefused: TenantdeckError | undefined;
	const tenants = await mapLimit([...byId], 16, async ([tenantId, entry]) => {
		const domain = entry.domain ?? (await lookUpDomain(graph, tenantId, signal, error => (lookupRefused ??= error)));
		const source = entry.gdap && entry.contract ? 'both' : entry.gdap ? 'gdap' : 'contract';
		return {tenantId, tenantDomain: printable(domain ?? tenantId), tenantName: printable(entry.name), source} satisfies Tenant;
	});
	// Without CrossTenantInformation.ReadBasic.All, GDAP-only customers silently keep their GUID, and
	// --tenants contoso.com cannot find them: say why.
	const named = lookupRefused ? `Customers known only through GDAP keep their tenant id instead of a domain: ${lookupRefused.kind === 'forbidden' ? 'your app registration lacks the delegated permission CrossTenantInformation.ReadBasic.All (add it and grant admin consent in your tenant)' : lookupRefused.message}.` : undefined;
	return {tenants: tenants.sort((a, b) => a.tenantName.localeCompare(b.tenantName)), warning: [warning, named].filter(Boolean).join(' ') || undefined};
}

async function lookUpDomain(graph: GraphPort, tenantId: string, signal: AbortSignal | undefined, onRefused: (error: TenantdeckError) => void): Promise<string | undefined> {
	try {
		const info = await graph.get<TenantInformation>(`/v1.0/tenantRelationships/findTenantInformationByTenantId(tenantId='${tenantId}')`, {signal});
		return info.defaultDomainName;
	} catch (error) {
		const typed = asTenantdeckError(error);
		if (typed.kind === 'cancelled') throw typed;
		if (typed.kind !== 'not-found') onRefused(typed);
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

/** The customer list could not be read at all: no tenant ran, so "retry the failed tenants" would mislead. */
function customerListError(error: TenantdeckError): TenantdeckError {
	if (error.kind !== 'throttled' && error.kind !== 'unavailable') return error;
	const what = error.kind === 'throttled' ? 'Microsoft Graph is throttling the lookup of your customer list' : 'Microsoft Graph could not answer the lookup of your customer list';
	return new TenantdeckError(error.kind, `${what} (${error.message}).`, {status: error.status, code: error.code, requestId: error.requestId, hint: 'Nothing ran yet; wait a few minutes and run the same command again.', cause: error});
}
