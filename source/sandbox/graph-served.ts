// The Graph entity types the sandbox serves. The schema script derives exactly these (and what they
// nest) from Microsoft's metadata, and the fidelity test proves each one is exercised.

export const SERVED_ENTITY_TYPES = [
	'microsoft.graph.user',
	'microsoft.graph.organization',
	'microsoft.graph.domain',
	'microsoft.graph.subscribedSku',
	'microsoft.graph.directoryRole',
	'microsoft.graph.contract',
	'microsoft.graph.delegatedAdminCustomer',
	'microsoft.graph.delegatedAdminRelationship',
	'microsoft.graph.userRegistrationDetails',
	// A complex type, returned by tenantRelationships/findTenantInformationByTenantId.
	'microsoft.graph.tenantInformation',
] as const;

export type ServedEntityType = (typeof SERVED_ENTITY_TYPES)[number];
