// Each tenant's domains with their password validity: where the old routine read the domain policy.

import {z} from 'zod';
import {defineOperation} from '../operation.js';
import {validityOf} from './password-notes.js';
import {directoryReadRoles} from '../permissions.js';

type Domain = {
	id: string;
	isDefault?: boolean;
	isInitial?: boolean;
	isVerified?: boolean;
	authenticationType?: string;
	passwordValidityPeriodInDays?: number | null;
	passwordNotificationWindowInDays?: number | null;
	supportedServices?: string[];
};

export const domains = defineOperation({
	id: 'domains',
	title: 'Domains and password validity',
	description: 'Lists every domain of each tenant: default or initial, verified or not, managed or federated, how many days a password lasts (empty = never expires; unset means Microsoft\'s 90 days) and the warning window. Use it to check password expiry settings across customers.',
	risk: 'read',
	backend: 'graph',
	permissions: {graph: ['Domain.Read.All'], roles: directoryReadRoles},
	powershell: 'Connect-MgGraph -TenantId <tenant>; Get-MgDomain | Format-Table Id, IsDefault, IsVerified, AuthenticationType, PasswordValidityPeriodInDays, PasswordNotificationWindowInDays',
	params: z.object({}),
	columns: ['domain', 'isDefault', 'isInitial', 'isVerified', 'authentication', 'passwordValidityDays', 'passwordNeverExpires', 'notificationDays', 'services', 'note'],
	async *run({graph, tenant, signal, onRetry}) {
		for await (const domain of graph.list<Domain>('/v1.0/domains', {tenantId: tenant.tenantId, signal, onRetry})) {
			const validity = validityOf(domain.passwordValidityPeriodInDays);
			yield {
				domain: domain.id,
				isDefault: domain.isDefault ?? false,
				isInitial: domain.isInitial ?? false,
				isVerified: domain.isVerified ?? false,
				authentication: domain.authenticationType ?? '',
				passwordValidityDays: validity.days,
				passwordNeverExpires: validity.neverExpires,
				notificationDays: domain.passwordNotificationWindowInDays ?? null,
				services: (domain.supportedServices ?? []).join('; '),
				note: validity.note,
			};
		}
	},
});
