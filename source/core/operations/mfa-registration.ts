// Users not registered for multi-factor authentication, admins first: the gap attackers use.

import {z} from 'zod';
import {defineOperation} from '../operation.js';
import {reportRoles} from '../permissions.js';

type Registration = {
	id: string;
	userPrincipalName?: string;
	userDisplayName?: string;
	isAdmin?: boolean;
	isMfaRegistered?: boolean;
	isMfaCapable?: boolean;
	methodsRegistered?: string[];
};

export const mfaRegistration = defineOperation({
	id: 'mfa-registration',
	title: 'Users without MFA',
	description: 'Lists users who have not registered any multi-factor authentication method, admins first. Needs Entra ID P1 in the customer tenant for the registration report.',
	risk: 'read',
	backend: 'graph',
	permissions: {graph: ['AuditLog.Read.All'], roles: reportRoles},
	powershell: 'Connect-MgGraph -TenantId <tenant>; Get-MgReportAuthenticationMethodUserRegistrationDetail -Filter "isMfaRegistered eq false"',
	params: z.object({}),
	columns: ['userDisplayName', 'userPrincipalName', 'isAdmin', 'isMfaCapable', 'methodsRegistered'],
	async *run({graph, tenant, signal, onRetry}) {
		const rows = [];
		for await (const entry of graph.list<Registration>('/v1.0/reports/authenticationMethods/userRegistrationDetails', {tenantId: tenant.tenantId, signal, onRetry})) {
			if (entry.isMfaRegistered) continue;
			rows.push({
				userDisplayName: entry.userDisplayName ?? '',
				userPrincipalName: entry.userPrincipalName ?? '',
				isAdmin: entry.isAdmin ?? false,
				isMfaCapable: entry.isMfaCapable ?? false,
				methodsRegistered: (entry.methodsRegistered ?? []).join('; '),
			});
		}
		yield* rows.sort((a, b) => Number(b.isAdmin) - Number(a.isAdmin));
	},
});
