// Who may do what in the simulated world, as Microsoft decides it: which customers have the app
// consented (and with which scopes), and which GDAP roles each relationship holds. Partner
// Center's applicationconsents changes the first; knobs shape both.
import {builtInOperations} from '../core/catalog.js';
import {appRegistrationPermissions, gdapRoles, type GdapRole} from '../core/permissions.js';
import type {Knobs} from './knobs.js';
import type {TenantRecord} from './world.js';

/** The delegated Graph scopes the practice app registration asks for (the readme's table). */
export const APP_GRAPH_SCOPES: readonly string[] = appRegistrationPermissions(builtInOperations).graph;

export type Consent = {graph: readonly string[]; exchange: boolean};

/** What a GDAP relationship holds by default, and what a "limited" one is cut down to. */
export const DEFAULT_ROLES: readonly GdapRole[] = [gdapRoles.globalReader, gdapRoles.userAdministrator, gdapRoles.exchangeAdministrator, gdapRoles.cloudApplicationAdministrator];
export const LIMITED_ROLES: readonly GdapRole[] = [gdapRoles.directoryReaders];

/** True when a knob's list names the tenant by id or domain, or is one number N and the tenant is among the first N customers. */
export function selectsTenant(list: readonly string[], tenant: TenantRecord): boolean {
	if (list.length === 1 && /^\d+$/.test(list[0]!.trim())) return tenant.index >= 0 && tenant.index < Number(list[0]);
	const keys = new Set([tenant.tenantId, tenant.initialDomain, tenant.customDomain].filter(Boolean).map(key => key!.toLowerCase()));
	return list.some(entry => keys.has(entry.trim().toLowerCase()));
}

export class AccessLedger {
	/** Consents granted (or removed: null) while the sandbox runs, by tenant id; they win over the knobs. */
	private readonly granted = new Map<string, Consent | null>();

	constructor(private readonly knobs: Knobs) {}

	/** The consent the world starts with: every scope the app asks for, less --missing-scopes. */
	private startingConsent(): Consent {
		const missing = new Set(this.knobs.missingScopes.map(scope => scope.toLowerCase()));
		return {graph: APP_GRAPH_SCOPES.filter(scope => !missing.has(scope.toLowerCase())), exchange: true};
	}

	/** The app's consent in this tenant, or undefined when it has none (AADSTS65001). */
	consentIn(tenant: TenantRecord): Consent | undefined {
		const granted = this.granted.get(tenant.tenantId);
		if (granted !== undefined) return granted ?? undefined;
		if (tenant.index >= 0 && selectsTenant(this.knobs.unconsentedTenants, tenant)) return undefined;
		return this.startingConsent();
	}

	grant(tenant: TenantRecord, consent: Consent): void {
		this.granted.set(tenant.tenantId, consent);
	}

	/** Partner Center's DELETE of the consent: the customer's tokens fail with AADSTS65001 again. */
	revoke(tenant: TenantRecord): void {
		this.granted.set(tenant.tenantId, null);
	}

	/** The roles the partner's GDAP relationship with this customer holds; undefined when there is none (DAP only). */
	rolesIn(tenant: TenantRecord): readonly GdapRole[] | undefined {
		if (tenant.index < 0 || !tenant.gdap) return undefined;
		return selectsTenant(this.knobs.limitedRoleTenants, tenant) ? LIMITED_ROLES : DEFAULT_ROLES;
	}

	/**
	 * False when a GDAP relationship exists and holds none of the roles. The partner's own tenant and
	 * DAP-only customers (admin agents act as Global Administrator) always pass.
	 */
	hasAnyRole(tenant: TenantRecord, roles: readonly GdapRole[]): boolean {
		const held = this.rolesIn(tenant);
		if (!held) return true;
		return held.some(role => roles.some(wanted => wanted.id === role.id));
	}
}
