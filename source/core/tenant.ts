// A customer tenant as every screen, row and export knows it.

export type Tenant = {
	/** Directory (tenant) id, a GUID. */
	readonly tenantId: string;
	/** Default domain, e.g. contoso.onmicrosoft.com or contoso.com. */
	readonly tenantDomain: string;
	/** Display name of the customer. */
	readonly tenantName: string;
	/** Where we learnt of it: GDAP relationship, DAP contract, or both. */
	readonly source: 'gdap' | 'contract' | 'both';
};
