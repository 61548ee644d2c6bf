// What each operation needs from Microsoft, declared once: the Graph delegated scopes (least
// privileged, from each endpoint's "Permissions" section on learn.microsoft.com), the Exchange
// grant, and the GDAP roles of which any one lets the work through. The readme table, the setup
// screen, the consent request, `tenantdeck ops <id>` and the preflight all read these.

/**
 * GDAP roles by the Entra role template id Microsoft documents (stable in every tenant): ids from
 * learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference (checked
 * 2026-11-29; e.g. Exchange Recipient Administrator 31392ffb-586c-42d1-9346-e59415a2cc4e).
 */
export const gdapRoles = {
	globalAdministrator: {id: '62e90394-69f5-4237-9190-012177145e10', name: 'Global Administrator'},
	globalReader: {id: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', name: 'Global Reader'},
	directoryReaders: {id: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', name: 'Directory Readers'},
	userAdministrator: {id: 'fe930be7-5e62-47db-91af-98c3a49a38b1', name: 'User Administrator'},
	privilegedAuthenticationAdministrator: {id: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', name: 'Privileged Authentication Administrator'},
	reportsReader: {id: '4a5d8f65-41da-4de4-8968-e035b65339cf', name: 'Reports Reader'},
	securityReader: {id: '5d6b6bb7-de71-4623-b4af-96380a352509', name: 'Security Reader'},
	securityAdministrator: {id: '194ae4cb-b126-40b2-bd5b-6091b380977d', name: 'Security Administrator'},
	exchangeAdministrator: {id: '29232cdf-9323-42fd-ade2-1d097af3e4de', name: 'Exchange Administrator'},
	exchangeRecipientAdministrator: {id: '31392ffb-586c-42d1-9346-e59415a2cc4e', name: 'Exchange Recipient Administrator'},
	privilegedRoleAdministrator: {id: 'e8611ab8-c189-46e8-94e1-60213ab1f814', name: 'Privileged Role Administrator'},
	cloudApplicationAdministrator: {id: '158c047a-c907-4556-b7ef-446551a6b5f7', name: 'Cloud Application Administrator'},
} as const;

export type GdapRoleName = keyof typeof gdapRoles;
export type GdapRole = (typeof gdapRoles)[GdapRoleName];

export type Permissions = {
	/** Microsoft Graph delegated scopes, all needed. */
	readonly graph: readonly string[];
	/** The Office 365 Exchange Online delegated grant, for operations that run Exchange cmdlets. */
	readonly exchange?: 'Exchange.Manage';
	/** GDAP roles in the customer relationship; any one of them is enough. */
	readonly roles: readonly GdapRole[];
};

export const graphAppId = '00000003-0000-0000-c000-000000000000';
export const exchangeAppId = '00000002-0000-0ff1-ce00-000000000000';

const {globalAdministrator, globalReader, directoryReaders, userAdministrator, privilegedAuthenticationAdministrator, reportsReader, securityReader, securityAdministrator, exchangeAdministrator, exchangeRecipientAdministrator, privilegedRoleAdministrator, cloudApplicationAdministrator} = gdapRoles;

/** Directory reads: every role above includes them; Directory Readers is the least. */
export const directoryReadRoles: readonly GdapRole[] = [directoryReaders, globalReader, userAdministrator, globalAdministrator];
/**
 * userRegistrationDetails: the least privileged roles its page lists (Reports Reader, Security Reader,
 * Security Administrator, Global Reader), plus Global Administrator; delegated scope AuditLog.Read.All
 * (learn.microsoft.com/graph/api/authenticationmethodsroot-list-userregistrationdetails, checked 2026-11-29).
 */
export const reportRoles: readonly GdapRole[] = [reportsReader, securityReader, securityAdministrator, globalReader, globalAdministrator];
/** Changing passwordPolicies of users (admins need Privileged Authentication Administrator). */
export const userWriteRoles: readonly GdapRole[] = [userAdministrator, privilegedAuthenticationAdministrator, globalAdministrator];
/** Exchange cmdlets that only read: Global Reader is given View-Only Organization Management. */
export const exchangeReadRoles: readonly GdapRole[] = [exchangeAdministrator, globalReader, globalAdministrator];
/** Get-InboxRule does not work for Global Reader; changes need Exchange (Recipient) Administrator. */
export const exchangeAdminRoles: readonly GdapRole[] = [exchangeAdministrator, globalAdministrator];
export const exchangeWriteRoles: readonly GdapRole[] = [exchangeAdministrator, exchangeRecipientAdministrator, globalAdministrator];
/** Partner Center applicationconsents: a GDAP role that may grant consent in the customer. */
export const consentRoles: readonly GdapRole[] = [globalAdministrator, privilegedRoleAdministrator, cloudApplicationAdministrator];

/**
 * What finding customers needs in the partner's own tenant (no GDAP role: it is your tenant).
 * delegatedAdminCustomers → DelegatedAdminRelationship.Read.All; /contracts → Directory.Read.All;
 * findTenantInformationByTenantId → CrossTenantInformation.ReadBasic.All.
 */
export const discoveryPermissions: Permissions = {graph: ['DelegatedAdminRelationship.Read.All', 'Directory.Read.All', 'CrossTenantInformation.ReadBasic.All'], roles: []};

/** Every Graph scope the customers must grant, sorted, for the consent request. */
export function customerGraphScopes(operations: ReadonlyArray<{readonly permissions?: Permissions}>): string[] {
	return [...new Set(operations.flatMap(operation => operation.permissions?.graph ?? []))].sort();
}

export function needsExchange(operations: ReadonlyArray<{readonly permissions?: Permissions}>): boolean {
	return operations.some(operation => operation.permissions?.exchange !== undefined);
}

/** Every delegated permission the app registration in the partner tenant asks for. */
export function appRegistrationPermissions(operations: ReadonlyArray<{readonly permissions?: Permissions}>): {graph: string[]; exchange: boolean} {
	return {graph: [...new Set([...customerGraphScopes(operations), ...discoveryPermissions.graph])].sort(), exchange: needsExchange(operations)};
}

export function roleNames(roles: readonly GdapRole[]): string {
	return roles.map(role => role.name).join(' or ');
}

/** The readme's permission table (between the permissions markers), one row per operation. */
export function permissionTableMarkdown(operations: ReadonlyArray<{readonly id: string; readonly permissions?: Permissions}>): string {
	const rows = operations.map(operation => {
		const permissions = operation.permissions;
		const graph = permissions?.graph.map(scope => `\`${scope}\``).join(', ') || '—';
		const exchange = permissions?.exchange ? `\`${permissions.exchange}\`` : '—';
		return `| \`${operation.id}\` | ${graph} | ${exchange} | ${permissions ? roleNames(permissions.roles) : '—'} |`;
	});
	const discovery = `| finding customers (partner tenant) | ${discoveryPermissions.graph.map(scope => `\`${scope}\``).join(', ')} | — | — (your own tenant) |`;
	const consent = `| \`tenantdeck consent\` (Partner Center) | — | — | ${roleNames(consentRoles)} |`;
	return ['| operation | Microsoft Graph (delegated) | Exchange Online | GDAP role (any one) |', '|---|---|---|---|', ...rows, discovery, consent].join('\n');
}
