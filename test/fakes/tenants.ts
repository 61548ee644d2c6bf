// Plain tenants for tests that need no cloud.

import type {Tenant} from '../../source/core/tenant.js';

export function fakeTenants(count: number): Tenant[] {
	return Array.from({length: count}, (_, index) => ({
		tenantId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
		tenantDomain: `customer${index}.onmicrosoft.com`,
		tenantName: `Customer ${index}`,
		source: 'both' as const,
	}));
}
