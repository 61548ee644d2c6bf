import test from 'ava';
import {World} from '../../source/sandbox/world.js';
import {SKUS} from '../../source/sandbox/catalog.js';

test('the same seed gives the same partner, and another seed a different one', t => {
	const first = new World(7, 40);
	const second = new World(7, 40);
	t.deepEqual(first.customers, second.customers);
	t.deepEqual(first.detail(first.customers[3]), second.detail(second.customers[3]));
	const other = new World(8, 40);
	t.notDeepEqual(first.customers.map(customer => customer.name), other.customers.map(customer => customer.name));
	t.notDeepEqual(first.customers.map(customer => customer.tenantId), other.customers.map(customer => customer.tenantId));
});

test('a larger partner starts with the same customers as a smaller one', t => {
	const small = new World(1, 24);
	const large = new World(1, 300);
	t.deepEqual(large.customers.slice(0, 24), small.customers);
});

// How fast they generate is measured by `npm run bench` (unit speeds), not asserted here.
test('5,000 customers generate with distinct names, domains and tenant ids', t => {
	const world = new World(1, 5000);
	t.is(world.customers.length, 5000);
	t.is(new Set(world.customers.map(customer => customer.name.toLowerCase())).size, 5000);
	t.is(new Set(world.customers.map(customer => customer.defaultDomain)).size, 5000);
	t.is(new Set(world.customers.map(customer => customer.initialDomain)).size, 5000);
	t.is(new Set(world.customers.map(customer => customer.tenantId)).size, 5000);
	for (const customer of world.customers.slice(0, 200)) {
		t.regex(customer.tenantId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		t.regex(customer.initialDomain, /^[a-z0-9]+\.onmicrosoft\.com$/);
	}
});

test('most customers have GDAP and a contract, a few only one of the two', t => {
	const world = new World(1, 24);
	const both = world.customers.filter(customer => customer.gdap && customer.contract);
	t.true(both.length >= 18);
	t.true(world.customers.some(customer => customer.gdap && !customer.contract));
	t.true(world.customers.some(customer => !customer.gdap && customer.contract));
	const large = new World(1, 500);
	t.true(large.customers.some(customer => customer.contract && customer.contract.displayName !== customer.name), 'some contracts carry an older name');
	t.true(large.customers.some(customer => customer.customDomain && customer.contract?.defaultDomainName === customer.initialDomain), 'some contracts carry the old default domain');
});

test('each tenant has 5–40 users on its default domain, one or two Global Administrators, and licence counts that add up', t => {
	const world = new World(3, 60);
	for (const customer of world.customers) {
		const detail = world.detail(customer);
		t.true(detail.users.length >= 5 && detail.users.length <= 40);
		t.true(detail.users.every(user => user.userPrincipalName.endsWith(`@${customer.defaultDomain}`)));
		t.is(new Set(detail.users.map(user => user.userPrincipalName)).size, detail.users.length);
		const admins = detail.directoryRoles.find(role => role.role.displayName === 'Global Administrator')!;
		t.is(admins.role.roleTemplateId, '62e90394-69f5-4237-9190-012177145e10');
		t.true(admins.memberIds.length >= 1 && admins.memberIds.length <= 2);
		for (const sku of detail.subscribedSkus) {
			const holders = detail.users.filter(user => user.assignedLicenses.some(licence => licence.skuId === sku.skuId)).length;
			t.is(sku.consumedUnits, holders);
			t.true((sku.prepaidUnits as {enabled: number}).enabled >= holders);
		}
		t.is(detail.registrations.length, detail.users.length);
		t.is(detail.domains.filter(domain => domain.isDefault).length, 1);
	}
	const all = world.customers.flatMap(customer => world.detail(customer).users);
	t.true(all.some(user => user.passwordPolicies === 'DisablePasswordExpiration'));
	t.true(all.some(user => !user.accountEnabled));
	const skuIds = new Set(world.customers.flatMap(customer => world.detail(customer).subscribedSkus.map(sku => sku.skuId)));
	t.true(skuIds.has(SKUS.businessStandard.skuId));
});

test('a tenant is generated once and keeps changes', t => {
	const world = new World(1, 5);
	const tenant = world.customers[0];
	world.detail(tenant).users[0].passwordPolicies = 'DisablePasswordExpiration';
	t.is(world.detail(tenant).users[0].passwordPolicies, 'DisablePasswordExpiration');
	t.is(world.find(tenant.defaultDomain.toUpperCase()), tenant);
	t.is(world.find(tenant.tenantId), tenant);
});
