import test from 'ava';
import {mostTenantsNamed, resolveTenants} from '../../source/core/tenant-match.js';
import {TenantdeckError} from '../../source/core/errors.js';
import type {Tenant} from '../../source/core/tenant.js';

const tenants: Tenant[] = [
	{tenantId: 'acc617f5-9d4a-4ea9-8823-2385e7d5271a', tenantDomain: 'contosodental.co.uk', tenantName: 'Contoso Dental Ltd', source: 'both'},
	{tenantId: 'b1f0c2d3-0000-4000-8000-000000000002', tenantDomain: 'fabrikamjoinery.com', tenantName: 'Fabrikam Joinery', source: 'gdap'},
	{tenantId: 'c2f0c2d3-0000-4000-8000-000000000003', tenantDomain: 'northwindtraders.onmicrosoft.com', tenantName: 'Northwind Traders', source: 'contract'},
];

test('a domain, a tenant id and a display name each find their tenant (the old -Domain lookup)', t => {
	t.deepEqual(resolveTenants(tenants, 'CONTOSODENTAL.CO.UK').map(tenant => tenant.tenantName), ['Contoso Dental Ltd']);
	t.deepEqual(resolveTenants(tenants, 'b1f0c2d3-0000-4000-8000-000000000002').map(tenant => tenant.tenantName), ['Fabrikam Joinery']);
	t.deepEqual(resolveTenants(tenants, 'northwind traders, fabrikamjoinery.com').map(tenant => tenant.tenantName), ['Northwind Traders', 'Fabrikam Joinery']);
});

test('"all" and groups expand; duplicates collapse', t => {
	t.is(resolveTenants(tenants, 'all').length, 3);
	const chosen = resolveTenants(tenants, '@dental,contosodental.co.uk', {dental: ['acc617f5-9d4a-4ea9-8823-2385e7d5271a']});
	t.deepEqual(chosen.map(tenant => tenant.tenantName), ['Contoso Dental Ltd']);
});

test('an unknown tenant is a clear error naming near matches', t => {
	const error = t.throws(() => resolveTenants(tenants, 'contosodental.com'), {instanceOf: TenantdeckError});
	t.is(error?.kind, 'invalid');
	t.is(error?.message, 'No customer tenant matches "contosodental.com".');
	t.regex(error?.hint ?? '', /Did you mean: contosodental\.co\.uk \(Contoso Dental Ltd\)/);
});

test('an unknown group says which groups exist', t => {
	const error = t.throws(() => resolveTenants(tenants, '@missing', {dental: []}), {instanceOf: TenantdeckError});
	t.regex(error?.message ?? '', /No saved group named "missing"/);
	t.regex(error?.hint ?? '', /dental/);
});

test('a display name two customers share is refused, naming their domains', t => {
	const twins: Tenant[] = [...tenants, {tenantId: 'd3f0c2d3-0000-4000-8000-000000000004', tenantDomain: 'contosodentaltrial.onmicrosoft.com', tenantName: 'Contoso Dental Ltd', source: 'gdap'}];
	const error = t.throws(() => resolveTenants(twins, 'contoso dental ltd'), {instanceOf: TenantdeckError});
	t.is(error?.message, '2 customer tenants are named "contoso dental ltd".');
	t.regex(error?.hint ?? '', /contosodental\.co\.uk, contosodentaltrial\.onmicrosoft\.com/);
	t.is(resolveTenants(twins, 'contosodental.co.uk')[0]?.tenantName, 'Contoso Dental Ltd');
});

test('how many tenants --tenants can name at most, before the list is fetched: one per word; any number for "all" or a group', t => {
	t.is(mostTenantsNamed('contosodental.co.uk'), 1);
	t.is(mostTenantsNamed(' northwind traders, fabrikamjoinery.com ,, '), 2);
	t.is(mostTenantsNamed('contosodental.co.uk,ALL'), undefined);
	t.is(mostTenantsNamed('@dental'), undefined);
});
