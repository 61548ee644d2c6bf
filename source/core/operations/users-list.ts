// Every user in each customer tenant, with the columns an admin checks first.

import {z} from 'zod';
import {defineOperation} from '../operation.js';
import {directoryReadRoles} from '../permissions.js';

type User = {
	id: string;
	displayName?: string;
	userPrincipalName?: string;
	mail?: string | null;
	accountEnabled?: boolean;
	userType?: string;
	jobTitle?: string | null;
	passwordPolicies?: string | null;
	assignedLicenses?: unknown[];
	createdDateTime?: string;
};

const select = 'id,displayName,userPrincipalName,mail,accountEnabled,userType,jobTitle,passwordPolicies,assignedLicenses,createdDateTime';

export const usersList = defineOperation({
	id: 'users-list',
	title: 'List users',
	description: 'Lists every user in each selected tenant: name, sign-in name, whether the account is enabled, member or guest, licence count and whether the password never expires. Optionally only names starting with some text.',
	risk: 'read',
	backend: 'graph',
	permissions: {graph: ['User.Read.All'], roles: directoryReadRoles},
	powershell: 'Connect-MgGraph -TenantId <tenant>; Get-MgUser -All -Property DisplayName,UserPrincipalName,AccountEnabled,UserType,PasswordPolicies,AssignedLicenses',
	params: z.object({
		startsWith: z.string().trim().max(100).optional().describe('Only users whose display name starts with this text'),
	}),
	columns: ['displayName', 'userPrincipalName', 'mail', 'accountEnabled', 'userType', 'licenses', 'passwordNeverExpires', 'jobTitle', 'created', 'id'],
	async *run({graph, tenant, signal, onRetry}, params) {
		const filter = params.startsWith ? `&$filter=${encodeURIComponent(`startswith(displayName,'${params.startsWith.replaceAll('\'', '\'\'')}')`)}` : '';
		for await (const user of graph.list<User>(`/v1.0/users?$select=${select}&$top=999${filter}`, {tenantId: tenant.tenantId, signal, onRetry})) {
			yield {
				displayName: user.displayName ?? '',
				userPrincipalName: user.userPrincipalName ?? '',
				mail: user.mail ?? '',
				accountEnabled: user.accountEnabled ?? null,
				userType: user.userType ?? '',
				licenses: user.assignedLicenses?.length ?? 0,
				passwordNeverExpires: (user.passwordPolicies ?? '').includes('DisablePasswordExpiration'),
				jobTitle: user.jobTitle ?? '',
				created: user.createdDateTime ?? '',
				id: user.id,
			};
		}
	},
});
