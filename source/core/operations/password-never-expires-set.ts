// Sets or clears "password never expires" for named users: the Graph form of
// Set-MsolUser -PasswordNeverExpires. Other password flags a user has are kept.

import {z} from 'zod';
import {changeColumns, defineOperation, type ChangeRow} from '../operation.js';
import {TenantdeckError} from '../errors.js';
import {addressList} from './address-list.js';
import {userWriteRoles} from '../permissions.js';

type User = {id: string; userPrincipalName?: string; passwordPolicies?: string | null; onPremisesSyncEnabled?: boolean | null};
type Domain = {id: string};

const flag = 'DisablePasswordExpiration';

/** The new passwordPolicies value with the flag switched on or off, other flags kept. */
export function switchNeverExpires(current: string | null | undefined, on: boolean): string {
	const flags = (current ?? '').split(',').map(part => part.trim()).filter(part => part && part !== 'None' && part !== flag);
	if (on) flags.unshift(flag);
	return flags.length > 0 ? flags.join(', ') : 'None';
}

const upnList = addressList('give one or more user principal names, separated by commas', 'each user must be a user principal name like anne@contoso.com');

export const passwordNeverExpiresSet = defineOperation({
	id: 'password-never-expires-set',
	title: 'Set password never expires',
	description: 'Turns "password never expires" on or off for the users you name (their sign-in names). Each user is changed in the tenant that owns their domain; users already so are reported as unchanged, and users synced from on-premises (Entra Connect re-stamps the flag at every sync) are left alone and named. Try a dry run first.',
	risk: 'write',
	backend: 'graph',
	permissions: {graph: ['Domain.Read.All', 'User.ReadWrite.All'], roles: userWriteRoles},
	powershell: 'Connect-MgGraph -TenantId <tenant>; Update-MgUser -UserId anne@contoso.com -PasswordPolicies DisablePasswordExpiration',
	targets: {param: 'users', lookup: 'user', noun: 'user'},
	// What runs per user, with the values chosen. A user's other password flags (DisableStrongPassword)
	// are kept by the run, so the value shown is the flag alone.
	powershellFor: (params, tenant) => [
		`Connect-MgGraph -TenantId ${tenant?.tenantDomain ?? '<tenant>'} -Scopes User.ReadWrite.All`,
		...params.users.map(upn => `Update-MgUser -UserId ${upn} -PasswordPolicies ${switchNeverExpires(undefined, params.neverExpires === 'on')}`),
	],
	params: z.object({
		users: upnList.describe('User principal names, separated by commas'),
		neverExpires: z.enum(['on', 'off']).default('on').describe('on = password never expires; off = normal expiry'),
	}),
	columns: changeColumns,
	async *run({graph, tenant, signal, onRetry, dryRun}, params) {
		const request = {tenantId: tenant.tenantId, signal, onRetry};
		const owned = new Set<string>();
		for await (const domain of graph.list<Domain>('/v1.0/domains', request)) owned.add(domain.id.toLowerCase());
		const on = params.neverExpires === 'on';
		// Every user named here was matched to this tenant before the run: one whose domain it does not
		// (or no longer) own is a failed row, never skipped in silence.
		for (const upn of params.users) {
			if (!owned.has(upn.split('@')[1]!)) yield {target: upn, property: 'passwordPolicies', before: '', after: '', result: 'not found'};
			else yield await changeOne(upn);
		}

		async function changeOne(upn: string): Promise<ChangeRow> {
			let user: User;
			try {
				user = await graph.get<User>(`/v1.0/users/${encodeURIComponent(upn)}?$select=id,userPrincipalName,passwordPolicies,onPremisesSyncEnabled`, request);
			} catch (error) {
				if (error instanceof TenantdeckError && error.kind === 'not-found') return {target: upn, property: 'passwordPolicies', before: '', after: '', result: 'not found'};
				throw error;
			}
			const before = user.passwordPolicies ?? 'None';
			const after = switchNeverExpires(user.passwordPolicies, on);
			const target = user.userPrincipalName ?? upn;
			// Same flags in another order is no change.
			if (switchNeverExpires(before, before.includes(flag)) === after) return {target, property: 'passwordPolicies', before, after, result: 'unchanged'};
			// Entra Connect would put the flag back at the next sync: a change that will not last is not made.
			if (user.onPremisesSyncEnabled) return {target, property: 'passwordPolicies', before, after: before, result: 'synced from on-premises'};
			if (dryRun) return {target, property: 'passwordPolicies', before, after, result: 'would change'};
			await graph.patch(`/v1.0/users/${user.id}`, {passwordPolicies: after}, request);
			return {target, property: 'passwordPolicies', before, after, result: 'changed'};
		}
	},
});
