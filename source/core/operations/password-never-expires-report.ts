// Users whose password never expires: the accounts a password policy does not reach.

import {z} from 'zod';
import {defineOperation} from '../operation.js';
import {syncedNote} from './password-notes.js';
import {directoryReadRoles} from '../permissions.js';

type User = {id: string; displayName?: string; userPrincipalName?: string; accountEnabled?: boolean; passwordPolicies?: string | null; userType?: string; onPremisesSyncEnabled?: boolean | null};

export const passwordNeverExpiresReport = defineOperation({
	id: 'password-never-expires-report',
	title: 'Passwords that never expire',
	description: 'Finds every user whose password is set never to expire (passwordPolicies includes DisablePasswordExpiration). Service accounts often are; people usually should not be.',
	risk: 'read',
	backend: 'graph',
	permissions: {graph: ['User.Read.All'], roles: directoryReadRoles},
	powershell: 'Connect-MgGraph -TenantId <tenant>; Get-MgUser -All -Property UserPrincipalName,DisplayName,PasswordPolicies | Where-Object PasswordPolicies -match DisablePasswordExpiration',
	params: z.object({}),
	columns: ['displayName', 'userPrincipalName', 'accountEnabled', 'userType', 'passwordPolicies', 'id', 'note'],
	async *run({graph, tenant, signal, onRetry}) {
		const path = '/v1.0/users?$select=id,displayName,userPrincipalName,accountEnabled,userType,passwordPolicies,onPremisesSyncEnabled&$top=999';
		for await (const user of graph.list<User>(path, {tenantId: tenant.tenantId, signal, onRetry})) {
			if (!(user.passwordPolicies ?? '').includes('DisablePasswordExpiration')) continue;
			yield {
				displayName: user.displayName ?? '',
				userPrincipalName: user.userPrincipalName ?? '',
				accountEnabled: user.accountEnabled ?? null,
				userType: user.userType ?? '',
				passwordPolicies: user.passwordPolicies ?? '',
				id: user.id,
				note: user.onPremisesSyncEnabled ? syncedNote : '',
			};
		}
	},
});
