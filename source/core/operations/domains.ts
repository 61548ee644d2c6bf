// Each tenant's domains with their password validity: where the old routine read the domain policy.

import {z} from 'zod';
import {defineOperation} from '../operation.js';
import {neverExpiresDays} from './password-policy.js';
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
	description: 'Lists every domain of each tenant: default or initial, verified or not, managed or federated, how many days a password lasts (empty = never expires) and the warning window. Use it to check password expiry settings across customers.',
	risk: 'read',
	backend: 'graph',
	permissions: {graph: ['Domain.Read.All'], roles: directoryReadRoles},
	powershell: 'Connect-MgGraph -TenantId <tenant>; Get-MgDomain | Format-Table Id, IsDefault, IsVerified, AuthenticationType, PasswordValidityPeriodInDays, PasswordNotificationWindowInDays',
	params: z.object({}),
	columns: ['domain', 'isDefault', 'isInitial', 'isVerified', 'authentication', 'passwordValidityDays', 'passwordNeverExpires', 'notificationDays', 'services'],
	async *run({graph, tenant, signal, onRetry}) {
		for await (const domain of graph.list<Domain>('/v1.0/domains', {tenantId: tenant.tenantId, signal, onRetry})) {
			const days = domain.passwordValidityPeriodInDays ?? null;
			yield {
				domain: domain.id,
				isDefault: domain.isDefault ?? false,
				isInitial: domain.isInitial ?? false,
				isVerified: domain.isVerified ?? false,
				authentication: domain.authenticationType ?? '',
				passwordValidityDays: days === neverExpiresDays ? null : days,
				passwordNeverExpires: days === neverExpiresDays,
				notificationDays: domain.passwordNotificationWindowInDays ?? null,
				services: (domain.supportedServices ?? []).join('; '),
			};
		}
	},
});
