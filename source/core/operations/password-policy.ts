// The password-expiry picture per tenant: how long passwords last on each domain, and which users
// are exempt (password never expires) — the check the old Set-MsolUser -PasswordNeverExpires needed.

import {z} from 'zod';
import {defineOperation} from '../operation.js';
import {syncedNote, validityOf} from './password-notes.js';
import {directoryReadRoles} from '../permissions.js';

type Domain = {id: string; isDefault?: boolean; isVerified?: boolean; passwordValidityPeriodInDays?: number | null};
type User = {displayName?: string; userPrincipalName?: string; accountEnabled?: boolean; passwordPolicies?: string | null; onPremisesSyncEnabled?: boolean | null};

export {neverExpiresDays} from './password-notes.js';

export const passwordPolicy = defineOperation({
	id: 'password-policy',
	title: 'Password expiry policy',
	description: 'For each tenant: one row per verified domain with its password validity period, then one row per user whose password never expires. Use it to find accounts exempt from your password policy.',
	risk: 'read',
	backend: 'graph',
	permissions: {graph: ['Domain.Read.All', 'User.Read.All'], roles: directoryReadRoles},
	powershell: 'Connect-MgGraph -TenantId <tenant>; Get-MgDomain | Format-Table Id, PasswordValidityPeriodInDays; Get-MgUser -All -Property UserPrincipalName,PasswordPolicies | Where-Object PasswordPolicies -match DisablePasswordExpiration',
	params: z.object({}),
	columns: ['kind', 'name', 'displayName', 'passwordValidityDays', 'passwordNeverExpires', 'accountEnabled', 'note'],
	async *run({graph, tenant, signal, onRetry}) {
		const request = {tenantId: tenant.tenantId, signal, onRetry};
		for await (const domain of graph.list<Domain>('/v1.0/domains', request)) {
			if (domain.isVerified === false) continue;
			const validity = validityOf(domain.passwordValidityPeriodInDays);
			yield {kind: 'domain', name: domain.id, displayName: domain.isDefault ? 'default domain' : '', passwordValidityDays: validity.days, passwordNeverExpires: validity.neverExpires, accountEnabled: null, note: validity.note};
		}
		for await (const user of graph.list<User>('/v1.0/users?$select=displayName,userPrincipalName,accountEnabled,passwordPolicies,onPremisesSyncEnabled&$top=999', request)) {
			if (!(user.passwordPolicies ?? '').includes('DisablePasswordExpiration')) continue;
			yield {kind: 'user', name: user.userPrincipalName ?? '', displayName: user.displayName ?? '', passwordValidityDays: null, passwordNeverExpires: true, accountEnabled: user.accountEnabled ?? null, note: user.onPremisesSyncEnabled ? syncedNote : ''};
		}
	},
});
