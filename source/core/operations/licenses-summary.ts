// Licences per tenant: what is bought, what is used, what is spare — the renewal conversation.

import {z} from 'zod';
import {defineOperation} from '../operation.js';
import {directoryReadRoles} from '../permissions.js';

type Sku = {
	skuId: string;
	skuPartNumber?: string;
	capabilityStatus?: string;
	consumedUnits?: number;
	prepaidUnits?: {enabled?: number; suspended?: number; warning?: number; lockedOut?: number};
	appliesTo?: string;
};

const friendlyNames: Record<string, string> = {
	O365_BUSINESS_ESSENTIALS: 'Microsoft 365 Business Basic',
	O365_BUSINESS_PREMIUM: 'Microsoft 365 Business Standard',
	SPB: 'Microsoft 365 Business Premium',
	SPE_E3: 'Microsoft 365 E3',
	SPE_E5: 'Microsoft 365 E5',
	ENTERPRISEPACK: 'Office 365 E3',
	EXCHANGESTANDARD: 'Exchange Online (Plan 1)',
	EXCHANGEENTERPRISE: 'Exchange Online (Plan 2)',
	AAD_PREMIUM: 'Microsoft Entra ID P1',
	FLOW_FREE: 'Power Automate Free',
	POWER_BI_STANDARD: 'Power BI (free)',
};

export const licensesSummary = defineOperation({
	id: 'licenses-summary',
	title: 'Licences: bought vs used',
	description: 'Lists each subscription of each tenant with units bought, assigned and still free, and whether it is suspended or in its warning period. Use it before renewals or to find unused licences.',
	risk: 'read',
	backend: 'graph',
	permissions: {graph: ['LicenseAssignment.Read.All'], roles: directoryReadRoles},
	powershell: 'Connect-MgGraph -TenantId <tenant>; Get-MgSubscribedSku | Select-Object SkuPartNumber, ConsumedUnits, @{n="Enabled";e={$_.PrepaidUnits.Enabled}}',
	params: z.object({}),
	columns: ['sku', 'product', 'bought', 'assigned', 'available', 'suspended', 'warning', 'status'],
	async *run({graph, tenant, signal, onRetry}) {
		for await (const sku of graph.list<Sku>('/v1.0/subscribedSkus', {tenantId: tenant.tenantId, signal, onRetry})) {
			const bought = sku.prepaidUnits?.enabled ?? 0;
			const assigned = sku.consumedUnits ?? 0;
			yield {
				sku: sku.skuPartNumber ?? sku.skuId,
				product: friendlyNames[sku.skuPartNumber ?? ''] ?? sku.skuPartNumber ?? '',
				bought,
				assigned,
				available: bought - assigned,
				suspended: sku.prepaidUnits?.suspended ?? 0,
				warning: sku.prepaidUnits?.warning ?? 0,
				status: sku.capabilityStatus ?? '',
			};
		}
	},
});
