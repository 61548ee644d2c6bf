// Granting the partner's multi-tenant app into customers, as Microsoft's GDAP guidance does it:
// one Partner Center application consent per customer with exactly the Graph scopes and the
// Exchange grant the catalog declares. One row per tenant, audited, dry run first.
//
// Partner Center answers 409 when a consent for the app exists, whatever scopes it holds, so a
// consent made before an operation needed a new scope stays short forever. As CIPP does
// (Set-CIPPCPVConsent.ps1: DELETE .../applicationconsents/{appId}, then POST), a consent that
// lacks scopes is removed and granted again; what it lacks is read from the customer token's scp.

import type {AnyOperation} from './operation.js';
import type {ApplicationConsent, AuditPort, AuthPort, PartnerCenterPort} from './ports.js';
import type {Tenant} from './tenant.js';
import {asTenantdeckError, describeError} from './errors.js';
import {mapLimit} from './map-limit.js';
import {customerGraphScopes, exchangeAppId, graphAppId, needsExchange} from './permissions.js';

export type ConsentResult = 'granted' | 'already granted' | 'replaced' | 'would grant' | 'would replace' | 'failed';

export type ConsentRow = {tenant: Tenant; result: ConsentResult; detail: string; signInLost?: boolean};

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
	/** Reads what an existing consent holds (the customer token's scopes); without it a 409 counts as granted. */
	auth?: Pick<AuthPort, 'grantedScopes'>;
	audit?: AuditPort;
	signal?: AbortSignal;
	concurrency?: number;
	onRow?: (row: ConsentRow) => void;
};

/** Consent errors that mean "there is no consent in this customer" (the app is not there, or not consented). */
const noConsent = new Set(['AADSTS65001', 'AADSTS700016', 'AADSTS650052']);

type Existing = {kind: 'none'} | {kind: 'complete'} | {kind: 'short'; lacks: string[]; holds: string} | {kind: 'unknown'};

export async function grantConsent(options: ConsentOptions): Promise<ConsentRow[]> {
	const {tenants, request, partnerCenter, dryRun, auth, audit, signal, onRow} = options;
	const scopes = describeRequest(request);
	const wanted = {
		graph: request.applicationGrants.find(grant => grant.enterpriseApplicationId === graphAppId)?.scope.split(',').filter(Boolean) ?? [],
		exchange: request.applicationGrants.some(grant => grant.enterpriseApplicationId === exchangeAppId),
	};
	let signInLost = false;
	return mapLimit([...tenants], options.concurrency ?? 8, async tenant => {
		const row = await one(tenant);
		onRow?.(row);
		return row;
	});

	/** What the app's consent in this customer holds now, read from fresh customer tokens. */
	async function existing(tenant: Tenant): Promise<Existing> {
		if (!auth?.grantedScopes) return {kind: 'unknown'};
		try {
			const graph = new Set((await auth.grantedScopes('graph', tenant.tenantId, {forceRefresh: true})).map(scope => scope.toLowerCase()));
			const lacks = wanted.graph.filter(scope => !graph.has(scope.toLowerCase()));
			if (wanted.exchange) {
				const exchange = await auth.grantedScopes('exchange', tenant.tenantId, {forceRefresh: true}).catch(() => [] as readonly string[]);
				if (!exchange.some(scope => scope.toLowerCase() === 'exchange.manage')) lacks.push('Exchange.Manage');
			}
			return lacks.length === 0 ? {kind: 'complete'} : {kind: 'short', lacks, holds: [...graph].length > 0 ? `Microsoft Graph: ${[...graph].join(',')}` : 'no Graph scopes'};
		} catch (error) {
			const typed = asTenantdeckError(error);
			if (typed.signInLost) throw typed;
			return typed.code && noConsent.has(typed.code) ? {kind: 'none'} : {kind: 'unknown'};
		}
	}

	async function one(tenant: Tenant): Promise<ConsentRow> {
		if (signInLost) return {tenant, result: 'failed', detail: 'Not tried: your sign-in was revoked — run "tenantdeck login".', signInLost};
		try {
			if (dryRun) {
				const now = await existing(tenant);
				if (now.kind === 'complete') return {tenant, result: 'already granted', detail: 'The consent holds every scope tenantdeck needs.'};
				if (now.kind === 'short') return {tenant, result: 'would replace', detail: `The consent exists but lacks ${now.lacks.join(', ')}: would remove it and grant ${scopes}.`};
				return {tenant, result: 'would grant', detail: scopes};
			}
			const outcome = await partnerCenter.grantConsent(tenant.tenantId, request, signal);
			if (outcome === 'granted') {
				// Audited like any write: who granted what, where.
				await record(tenant, 'not granted', scopes);
				return {tenant, result: 'granted', detail: scopes};
			}
			const now = await existing(tenant);
			if (now.kind !== 'short') return {tenant, result: 'already granted', detail: now.kind === 'complete' ? 'The consent exists and holds every scope tenantdeck needs.' : 'Partner Center: the consent exists'};
			return await replace(tenant, now);
		} catch (error) {
			const typed = asTenantdeckError(error);
			if (typed.signInLost) signInLost = true;
			return {tenant, result: 'failed', detail: describeError(typed), signInLost: typed.signInLost};
		}
	}

	/** Remove the short consent, then grant the whole request; each step is in the audit log. */
	async function replace(tenant: Tenant, now: Extract<Existing, {kind: 'short'}>): Promise<ConsentRow> {
		await partnerCenter.removeConsent(tenant.tenantId, request.applicationId, signal);
		await record(tenant, now.holds, 'removed (it lacked ' + now.lacks.join(', ') + ')');
		try {
			await partnerCenter.grantConsent(tenant.tenantId, request, signal);
		} catch (error) {
			const typed = asTenantdeckError(error);
			// The old consent is gone: say so, so the partner knows this customer now has none.
			return {tenant, result: 'failed', detail: `The old consent (it lacked ${now.lacks.join(', ')}) was removed, but granting again failed: ${describeError(typed)} Run "tenantdeck consent --tenants ${tenant.tenantDomain} --yes" again.`, signInLost: typed.signInLost};
		}
		await record(tenant, 'not granted', scopes);
		// Read the new consent back: this checks it, and leaves fresh tokens in the cache for the next run.
		const after = await existing(tenant);
		if (after.kind === 'short') return {tenant, result: 'failed', detail: `Granted again, but the customer's token still lacks ${after.lacks.join(', ')}: check that the app registration asks for them (API permissions) and run the consent again.`};
		return {tenant, result: 'replaced', detail: `The consent lacked ${now.lacks.join(', ')}; removed it and granted ${scopes}.`};
	}

	async function record(tenant: Tenant, before: string, after: string): Promise<void> {
		await audit?.record({tenant, operationId: 'consent', params: {applicationId: request.applicationId}, row: {target: request.applicationId, property: 'applicationconsents', before, after, result: 'changed'}});
	}
}
