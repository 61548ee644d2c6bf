// Granting the partner's multi-tenant app into customers, as Microsoft's GDAP guidance does it:
// one Partner Center application consent per customer with exactly the Graph scopes and the
// Exchange grant the catalog declares. Already granted counts as done; one row per tenant.

import type {AnyOperation} from './operation.js';
import type {ApplicationConsent, AuditPort, PartnerCenterPort} from './ports.js';
import type {Tenant} from './tenant.js';
import {asTenantdeckError, describeError} from './errors.js';
import {mapLimit} from './map-limit.js';
import {customerGraphScopes, exchangeAppId, graphAppId, needsExchange} from './permissions.js';

export type ConsentRow = {tenant: Tenant; result: 'granted' | 'already granted' | 'would grant' | 'failed'; detail: string; signInLost?: boolean};

/** The request body: Graph with the comma-joined scopes, Exchange with Exchange.Manage. */
export function consentRequest(operations: readonly AnyOperation[], applicationId: string): ApplicationConsent {
	const grants = [{enterpriseApplicationId: graphAppId, scope: customerGraphScopes(operations).join(',')}];
	if (needsExchange(operations)) grants.push({enterpriseApplicationId: exchangeAppId, scope: 'Exchange.Manage'});
	return {applicationId, applicationGrants: grants};
}

export function describeRequest(request: ApplicationConsent): string {
	return request.applicationGrants.map(grant => `${grant.enterpriseApplicationId === graphAppId ? 'Microsoft Graph' : grant.enterpriseApplicationId === exchangeAppId ? 'Exchange Online' : grant.enterpriseApplicationId}: ${grant.scope}`).join('; ');
}

export type ConsentOptions = {
	tenants: readonly Tenant[];
	request: ApplicationConsent;
	partnerCenter: PartnerCenterPort;
	dryRun: boolean;
	audit?: AuditPort;
	signal?: AbortSignal;
	concurrency?: number;
	onRow?: (row: ConsentRow) => void;
};

export async function grantConsent(options: ConsentOptions): Promise<ConsentRow[]> {
	const {tenants, request, partnerCenter, dryRun, audit, signal, onRow} = options;
	const scopes = describeRequest(request);
	let signInLost = false;
	return mapLimit([...tenants], options.concurrency ?? 8, async tenant => {
		const row = await one(tenant);
		onRow?.(row);
		return row;
	});

	async function one(tenant: Tenant): Promise<ConsentRow> {
		if (dryRun) return {tenant, result: 'would grant', detail: scopes};
		if (signInLost) return {tenant, result: 'failed', detail: 'Not tried: your sign-in was revoked — run "tenantdeck login".', signInLost};
		try {
			const outcome = await partnerCenter.grantConsent(tenant.tenantId, request, signal);
			const row: ConsentRow = outcome === 'granted' ? {tenant, result: 'granted', detail: scopes} : {tenant, result: 'already granted', detail: 'Partner Center: the consent exists'};
			// Audited like any write: who granted what, where.
			if (outcome === 'granted') await audit?.record({tenant, operationId: 'consent', params: {applicationId: request.applicationId}, row: {target: request.applicationId, property: 'applicationconsents', before: 'not granted', after: scopes, result: 'changed'}});
			return row;
		} catch (error) {
			const typed = asTenantdeckError(error);
			if (typed.signInLost) signInLost = true;
			return {tenant, result: 'failed', detail: describeError(typed), signInLost: typed.signInLost};
		}
	}
}
