// The preflight: before a run, per tenant, is the app consented there, does the token carry the
// scopes the operation needs, does the GDAP relationship hold a role that grants it, and does the
// customer answer. A partner fixes access before a 500-tenant run instead of reading 500 failures.

import {z} from 'zod';
import {defineOperation, type AnyOperation} from './operation.js';
import type {AuthPort, ExchangePort, GraphPort} from './ports.js';
import type {Tenant} from './tenant.js';
import {asTenantdeckError, describeError, TenantdeckError} from './errors.js';
import {mapLimit} from './map-limit.js';
import {customerGraphScopes, gdapRoles, roleNames} from './permissions.js';

export type Check = {ok: boolean; text: string};

export type DoctorRow = {
	tenant: Tenant;
	ready: boolean;
	consent: Check;
	scopes: Check;
	gdap: Check;
	reachable: Check;
	/** Exchange operations with a connection probe: Connect-ExchangeOnline and Disconnect worked. */
	connects?: Check;
	/** Everything that is not ok, in one sentence, with the next step. */
	why: string;
};

type Relationship = {status?: string; accessDetails?: {unifiedRoles?: Array<{roleDefinitionId?: string}>}};

const roleById = new Map<string, string>(Object.values(gdapRoles).map(role => [role.id, role.name]));
const notConsented = new Set(['AADSTS65001', 'AADSTS700016', 'AADSTS650052']);
const skipped: Check = {ok: false, text: 'not checked'};

export type DoctorOptions = {
	operation: AnyOperation;
	tenants: readonly Tenant[];
	auth: Pick<AuthPort, 'token' | 'grantedScopes'>;
	graph: GraphPort;
	signal?: AbortSignal;
	concurrency?: number;
	onRow?: (row: DoctorRow) => void;
	/**
	 * For an Exchange operation, also open and close a real connection per tenant through the
	 * session supervisor (so never more than its limit at once). Without it Exchange is judged by the
	 * Exchange.Manage grant and the GDAP role alone.
	 */
	exchange?: Pick<ExchangePort, 'run'>;
};

export async function preflight(options: DoctorOptions): Promise<DoctorRow[]> {
	const {operation, tenants, auth, graph, signal, onRow} = options;
	const resource = operation.backend === 'exchange' ? 'exchange' : 'graph';
	const permissions = operation.permissions ?? {graph: [], roles: []};
	const needed = resource === 'exchange' ? [permissions.exchange ?? 'Exchange.Manage'] : permissions.graph;

	return mapLimit([...tenants], options.concurrency ?? 16, async tenant => {
		const row = await check(tenant);
		onRow?.(row);
		return row;
	});

	async function check(tenant: Tenant): Promise<DoctorRow> {
		const [consentAndScopes, gdap] = await Promise.all([checkConsent(tenant), checkRelationship(tenant)]);
		const {consent, scopes} = consentAndScopes;
		const reachable = consent.ok ? await checkReachable(tenant) : skipped;
		const probe = options.exchange && operation.backend === 'exchange';
		const connects = probe ? (consent.ok && scopes.ok && gdap.ok ? await checkConnects(tenant) : skipped) : undefined;
		const problems = [consent, scopes, gdap, reachable, ...(connects ? [connects] : [])].filter(part => !part.ok && part !== skipped).map(part => part.text);
		return {tenant, ready: problems.length === 0, consent, scopes, gdap, reachable, ...(connects ? {connects} : {}), why: problems.join(' ')};
	}

	async function checkConsent(tenant: Tenant): Promise<{consent: Check; scopes: Check}> {
		let granted: readonly string[];
		try {
			if (!auth.grantedScopes) {
				await auth.token(resource, tenant.tenantId);
				return {consent: {ok: true, text: 'consented'}, scopes: {ok: true, text: 'not visible to this sign-in'}};
			}
			granted = await auth.grantedScopes(resource, tenant.tenantId);
		} catch (error) {
			const typed = asTenantdeckError(error);
			// A revoked sign-in is not this tenant's problem: the whole preflight stops and says so.
			if (typed.signInLost) throw typed;
			if (typed.code && notConsented.has(typed.code)) {
				return {consent: {ok: false, text: `The app is not consented in ${tenant.tenantDomain} (${typed.code}) — run "tenantdeck consent --tenants ${tenant.tenantDomain}".`}, scopes: skipped};
			}
			return {consent: {ok: false, text: `No token for ${tenant.tenantDomain}: ${describeError(typed)}`}, scopes: skipped};
		}
		const held = new Set(granted.map(scope => scope.toLowerCase()));
		const missing = needed.filter(scope => !held.has(scope.toLowerCase()));
		const scopes: Check = missing.length === 0
			? {ok: true, text: needed.length > 0 ? needed.join(', ') : 'none needed'}
			: {ok: false, text: `The app's consent in ${tenant.tenantDomain} lacks ${missing.join(', ')}: run "tenantdeck consent --tenants ${tenant.tenantDomain} --yes" (it replaces a consent that lacks scopes).`};
		return {consent: {ok: true, text: 'consented'}, scopes};
	}

	async function checkRelationship(tenant: Tenant): Promise<Check> {
		const path = `/v1.0/tenantRelationships/delegatedAdminRelationships?$filter=customer/tenantId eq '${tenant.tenantId}'`;
		const held = new Set<string>();
		let active = 0;
		try {
			for await (const relationship of graph.list<Relationship>(path, {signal})) {
				if (relationship.status !== 'active') continue;
				active++;
				for (const role of relationship.accessDetails?.unifiedRoles ?? []) if (role.roleDefinitionId) held.add(role.roleDefinitionId);
			}
		} catch (error) {
			const typed = asTenantdeckError(error);
			if (typed.signInLost) throw typed;
			return {ok: false, text: `Could not read your GDAP relationships: ${describeError(typed)}`};
		}
		if (active === 0) {
			// DAP (admin agents) still acts as Global Administrator where no GDAP relationship exists.
			if (tenant.source === 'contract') return {ok: true, text: 'DAP only (no GDAP relationship): works until Microsoft removes DAP'};
			return {ok: false, text: `No active GDAP relationship with ${tenant.tenantDomain}: request one in Partner Center.`};
		}
		const granting = permissions.roles.filter(role => held.has(role.id));
		if (permissions.roles.length === 0 || granting.length > 0) return {ok: true, text: granting.map(role => role.name).join(', ') || 'no role needed'};
		const names = [...held].map(id => roleById.get(id) ?? id).join(', ') || 'none';
		return {ok: false, text: `Your GDAP relationship with ${tenant.tenantDomain} holds ${names}; ${operation.id} needs ${roleNames(permissions.roles)}.`};
	}

	async function checkConnects(tenant: Tenant): Promise<Check> {
		try {
			// Nothing runs in the session: the probe is the connect and the disconnect around it.
			await options.exchange!.run({tenant, commands: ['Get-ConnectionInformation'], script: '$null = 0', args: {}, signal});
			return {ok: true, text: 'Connect-ExchangeOnline works'};
		} catch (error) {
			const typed = asTenantdeckError(error);
			if (typed.signInLost) throw typed;
			return {ok: false, text: `Connect-ExchangeOnline failed for ${tenant.tenantDomain}: ${describeError(typed)}`};
		}
	}

	async function checkReachable(tenant: Tenant): Promise<Check> {
		try {
			await graph.get('/v1.0/organization?$select=id', {tenantId: tenant.tenantId, signal});
			return {ok: true, text: 'answers'};
		} catch (error) {
			const typed = asTenantdeckError(error);
			if (typed.signInLost) throw typed;
			// Any answer from the service (even a refusal) means the customer is reachable.
			if (typed instanceof TenantdeckError && typed.status !== undefined && typed.status < 500) return {ok: true, text: 'answers'};
			return {ok: false, text: `${tenant.tenantDomain} does not answer: ${describeError(typed)}`};
		}
	}
}

/** Before an operation is chosen: consent with every scope the catalog needs, and any GDAP relationship. */
export function catalogCheck(operations: readonly AnyOperation[]): AnyOperation {
	return defineOperation({
		id: 'all operations', title: 'Everything', description: '', risk: 'read', backend: 'graph', powershell: '', params: z.object({}), columns: [],
		permissions: {graph: customerGraphScopes(operations), roles: []},
		async *run() {},
	});
}
