// What each Graph route the sandbox serves requires, as its learn.microsoft.com page lists it: the
// delegated scopes of which the token must carry one (least privileged first), and, in a customer
// reached through GDAP, the roles of which the relationship must hold one. Graph answers either
// lack with the same 403 Authorization_RequestDenied, so the client cannot tell them apart; the
// preflight (tenantdeck doctor) can, by reading the token's scopes and the relationship.
import {directoryReadRoles, gdapRoles, reportRoles, userWriteRoles, type GdapRole} from '../core/permissions.js';

export type Requirement = {scopes: readonly string[]; roles?: readonly GdapRole[]};

const directoryRead = ['Directory.Read.All', 'Directory.ReadWrite.All'];
// Every GDAP role includes reading the directory's basics.
const anyRole = [...directoryReadRoles, gdapRoles.exchangeAdministrator, gdapRoles.cloudApplicationAdministrator, gdapRoles.reportsReader, gdapRoles.securityReader];

export function requirementOf(method: string, first: string, rest: readonly string[]): Requirement | undefined {
	if (method === 'PATCH' && first === 'users') return {scopes: ['User.ReadWrite.All', 'Directory.ReadWrite.All'], roles: userWriteRoles};
	if (method !== 'GET') return undefined;
	switch (first) {
		case 'users':
			return {scopes: ['User.Read.All', 'User.ReadWrite.All', ...directoryRead], roles: anyRole};
		case 'me':
			return {scopes: ['User.Read', 'User.Read.All', 'User.ReadWrite.All', ...directoryRead]};
		case 'organization':
			return {scopes: ['User.Read', 'Organization.Read.All', 'Organization.ReadWrite.All', ...directoryRead], roles: anyRole};
		case 'domains':
			return {scopes: ['Domain.Read.All', 'Domain.ReadWrite.All', ...directoryRead], roles: anyRole};
		case 'subscribedSkus':
			return {scopes: ['LicenseAssignment.Read.All', 'Organization.Read.All', 'Organization.ReadWrite.All', ...directoryRead], roles: anyRole};
		case 'directoryRoles':
			return {scopes: ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory', ...directoryRead], roles: anyRole};
		case 'reports':
			return {scopes: ['AuditLog.Read.All'], roles: reportRoles};
		case 'contracts':
			return {scopes: directoryRead};
		case 'tenantRelationships':
			if (/^findTenantInformationByTenantId/.test(decodeURIComponent(rest[0] ?? ''))) return {scopes: ['CrossTenantInformation.ReadBasic.All']};
			return {scopes: ['DelegatedAdminRelationship.Read.All', 'DelegatedAdminRelationship.ReadWrite.All']};
		default:
			return undefined;
	}
}

/** True when the token carries one of the scopes (case-insensitive, as Microsoft compares them). */
export function carriesScope(granted: readonly string[] | undefined, wanted: readonly string[]): boolean {
	const held = new Set((granted ?? []).map(scope => scope.toLowerCase()));
	return wanted.some(scope => held.has(scope.toLowerCase()));
}
