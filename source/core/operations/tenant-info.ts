// Basic facts about each customer tenant: the first thing to look at when taking one over.

import {z} from 'zod';
import {defineOperation} from '../operation.js';
import {directoryReadRoles} from '../permissions.js';

type Organization = {
	id: string;
	displayName?: string;
	countryLetterCode?: string;
	city?: string;
	createdDateTime?: string;
	tenantType?: string;
	onPremisesSyncEnabled?: boolean | null;
	technicalNotificationMails?: string[];
	verifiedDomains?: Array<{name?: string; isDefault?: boolean; isInitial?: boolean}>;
};

export const tenantInfo = defineOperation({
	id: 'tenant-info',
	title: 'Tenant information',
	description: 'Shows each customer\'s organisation details: name, country, default and initial domain, number of verified domains, whether directory sync is on, and who gets technical notices.',
	risk: 'read',
	backend: 'graph',
	// Get organization names User.Read as least privileged, but the permissions reference says User.Read
	// reads only id, displayName and verifiedDomains of the organization; country, city, dir sync and
	// technical contacts need Organization.Read.All (learn.microsoft.com/graph/permissions-reference#userread).
	permissions: {graph: ['Organization.Read.All'], roles: directoryReadRoles},
	powershell: 'Connect-MgGraph -TenantId <tenant>; Get-MgOrganization | Format-List DisplayName, CountryLetterCode, VerifiedDomains, OnPremisesSyncEnabled, TechnicalNotificationMails',
	params: z.object({}),
	columns: ['displayName', 'country', 'city', 'defaultDomain', 'initialDomain', 'verifiedDomains', 'dirSync', 'technicalContacts', 'created'],
	async *run({graph, tenant, signal, onRetry}) {
		// Only what the columns show: without $select Graph sends every assigned and provisioned plan (tens of kB in a big tenant).
		for await (const org of graph.list<Organization>('/v1.0/organization?$select=id,displayName,countryLetterCode,city,createdDateTime,onPremisesSyncEnabled,technicalNotificationMails,verifiedDomains', {tenantId: tenant.tenantId, signal, onRetry})) {
			const domains = org.verifiedDomains ?? [];
			yield {
				displayName: org.displayName ?? '',
				country: org.countryLetterCode ?? '',
				city: org.city ?? '',
				defaultDomain: domains.find(domain => domain.isDefault)?.name ?? '',
				initialDomain: domains.find(domain => domain.isInitial)?.name ?? '',
				verifiedDomains: domains.length,
				dirSync: org.onPremisesSyncEnabled === true,
				technicalContacts: (org.technicalNotificationMails ?? []).join('; '),
				created: org.createdDateTime ?? '',
			};
		}
	},
});
