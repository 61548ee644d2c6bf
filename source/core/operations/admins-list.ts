// Who holds a privileged directory role in each tenant: "every global admin everywhere" in one list.

import {z} from 'zod';
import {defineOperation} from '../operation.js';
import {directoryReadRoles} from '../permissions.js';

type DirectoryRole = {id: string; displayName?: string; roleTemplateId?: string};
type Member = {'@odata.type'?: string; id: string; displayName?: string; userPrincipalName?: string; accountEnabled?: boolean};

/** Role template ids Microsoft marks as privileged (stable across tenants). */
export const privilegedRoles: Record<string, string> = {
	'62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
	'e8611ab8-c189-46e8-94e1-60213ab1f814': 'Privileged Role Administrator',
	'7be44c8a-adaf-4e2a-84d6-ab2649e08a13': 'Privileged Authentication Administrator',
	'29232cdf-9323-42fd-ade2-1d097af3e4de': 'Exchange Administrator',
	'f28a1f50-f6e7-4571-818b-6a12f2af6b6c': 'SharePoint Administrator',
	'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
	'194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
	'b0f54661-2d74-4c50-afa3-1ec803f12efe': 'Billing Administrator',
	'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9': 'Conditional Access Administrator',
	'9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3': 'Application Administrator',
	'158c047a-c907-4556-b7ef-446551a6b5f7': 'Cloud Application Administrator',
	'c4e39bd9-1100-46d3-8c65-fb160da0071f': 'Authentication Administrator',
	'729827e3-9c14-49f7-bb1b-9608f156bbb8': 'Helpdesk Administrator',
};

export const adminsList = defineOperation({
	id: 'admins-list',
	title: 'Privileged admins',
	description: 'Lists the members of privileged directory roles (Global Administrator, Exchange Administrator, User Administrator and others) in every selected tenant. Optionally only roles whose name contains some text, e.g. "global".',
	risk: 'read',
	backend: 'graph',
	permissions: {graph: ['RoleManagement.Read.Directory'], roles: directoryReadRoles},
	powershell: 'Connect-MgGraph -TenantId <tenant>; Get-MgDirectoryRole | ForEach-Object { $r = $_; Get-MgDirectoryRoleMember -DirectoryRoleId $r.Id -Property id,displayName,userPrincipalName,accountEnabled | ForEach-Object { [pscustomobject]@{Role=$r.DisplayName; Member=$_.AdditionalProperties.userPrincipalName; Enabled=$_.AdditionalProperties.accountEnabled} } }',
	params: z.object({
		role: z.string().trim().max(100).optional().describe('Only roles whose name contains this text, e.g. global'),
	}),
	columns: ['role', 'displayName', 'userPrincipalName', 'memberType', 'accountEnabled'],
	async *run({graph, tenant, signal, onRetry}, params) {
		const request = {tenantId: tenant.tenantId, signal, onRetry};
		const wanted = params.role?.toLowerCase();
		for await (const role of graph.list<DirectoryRole>('/v1.0/directoryRoles', request)) {
			const name = privilegedRoles[role.roleTemplateId ?? ''];
			if (!name || (wanted && !name.toLowerCase().includes(wanted))) continue;
			for await (const member of graph.list<Member>(`/v1.0/directoryRoles/${role.id}/members?$select=id,displayName,userPrincipalName,accountEnabled`, request)) {
				yield {
					role: name,
					displayName: member.displayName ?? '',
					userPrincipalName: member.userPrincipalName ?? '',
					memberType: (member['@odata.type'] ?? '#microsoft.graph.user').replace('#microsoft.graph.', ''),
					accountEnabled: member.accountEnabled ?? null,
				};
			}
		}
	},
});
