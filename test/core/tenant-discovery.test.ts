import test from 'ava';
import {discoverTenants} from '../../source/core/tenant-discovery.js';
import {TenantdeckError} from '../../source/core/errors.js';
import type {GraphPort} from '../../source/core/ports.js';

type Pages = Record<string, unknown[] | TenantdeckError>;

/** A Graph port serving fixed collections by path prefix; anything else fails the test. */
function graphServing(pages: Pages, lookups: Record<string, string> = {}): GraphPort {
	return {
		async * list<T>(path: string): AsyncIterable<T> {
			const key = Object.keys(pages).find(prefix => path.startsWith(prefix));
			if (!key) throw new Error(`unexpected list ${path}`);
			const page = pages[key]!;
			if (page instanceof TenantdeckError) throw page;
			yield * page as T[];
		},
		async get<T>(path: string): Promise<T> {
			const id = /tenantId='([^']+)'/.exec(path)?.[1] ?? '';
			if (!lookups[id]) throw new TenantdeckError('not-found', 'no such tenant');
			return {tenantId: id, defaultDomainName: lookups[id]} as T;
		},
		post: () => Promise.reject(new Error('unexpected post')),
		patch: () => Promise.reject(new Error('unexpected patch')),
	};
}

const gdapPath = '/v1.0/tenantRelationships/delegatedAdminCustomers';
const contractsPath = '/v1.0/contracts';

test('GDAP and contracts merge into one row per tenant; GDAP-only tenants get their domain looked up', async t => {
	const graph = graphServing({
		[gdapPath]: [{id: 'a', tenantId: 'A', displayName: 'Alpha Ltd'}, {id: 'b', tenantId: 'b', displayName: 'Beta'}],
		[contractsPath]: [{customerId: 'a', defaultDomainName: 'alpha.com', displayName: 'Alpha (old name)'}, {customerId: 'c', defaultDomainName: 'gamma.com', displayName: 'Gamma'}],
	}, {b: 'beta.onmicrosoft.com'});
	const {tenants, warning} = await discoverTenants(graph);
	t.is(warning, undefined);
	t.deepEqual(tenants.map(tenant => [tenant.tenantId, tenant.tenantDomain, tenant.tenantName, tenant.source]), [
		['a', 'alpha.com', 'Alpha Ltd', 'both'],
		['b', 'beta.onmicrosoft.com', 'Beta', 'gdap'],
		['c', 'gamma.com', 'Gamma', 'contract'],
	]);
});

test('when one source cannot be read, the rest is returned with a warning that says so', async t => {
	const graph = graphServing({
		[gdapPath]: new TenantdeckError('forbidden', 'No permission in this tenant: Insufficient privileges.'),
		[contractsPath]: [{customerId: 'c', defaultDomainName: 'gamma.com', displayName: 'Gamma'}],
	});
	const {tenants, warning} = await discoverTenants(graph);
	t.deepEqual(tenants.map(tenant => tenant.tenantDomain), ['gamma.com']);
	t.regex(warning ?? '', /Could not read your GDAP relationships \(No permission in this tenant/);
});

test('when neither source can be read, discovery fails with the reason', async t => {
	const denied = new TenantdeckError('forbidden', 'No permission in this tenant.');
	const error = await t.throwsAsync(discoverTenants(graphServing({[gdapPath]: denied, [contractsPath]: denied})));
	t.is(error, denied);
});

test('a throttled customer-list lookup says so, instead of "retry the failed tenants"', async t => {
	const throttled = new TenantdeckError('throttled', 'Graph answered 429 TooManyRequests: Too many requests.', {status: 429, hint: 'Microsoft Graph is busy; retry the failed tenants in a few minutes.'});
	const error = await t.throwsAsync(discoverTenants(graphServing({[gdapPath]: throttled, [contractsPath]: throttled})), {instanceOf: TenantdeckError});
	t.is(error!.kind, 'throttled');
	t.regex(error!.message, /^Microsoft Graph is throttling the lookup of your customer list/);
	t.regex(error!.hint ?? '', /Nothing ran yet/);
	t.notRegex(error!.hint ?? '', /failed tenants/);
});

test('GDAP-only customers whose lookup is refused keep their id, and the warning names the missing permission', async t => {
	const id = 'aaaaaaaa-0000-4000-8000-000000000001';
	const graph = graphServing({[gdapPath]: [{id, tenantId: id, displayName: 'Contoso'}], [contractsPath]: []});
	graph.get = async () => {
		throw new TenantdeckError('forbidden', 'No permission in this tenant: Insufficient privileges to complete the operation.', {status: 403});
	};
	const {tenants, warning} = await discoverTenants(graph);
	t.is(tenants[0]!.tenantDomain, id);
	t.regex(warning ?? '', /lacks the delegated permission CrossTenantInformation\.ReadBasic\.All/);
});

test('a cancelled discovery is a cancellation, not a partial list with a warning that blames a permission', async t => {
	const cancelled = new TenantdeckError('cancelled', 'Cancelled.');
	// A lookup cut off (Ctrl+C, the connection closed) while the lists themselves were read.
	const graph = graphServing({[gdapPath]: [{id: 'g-1', tenantId: 'g-1', displayName: 'Only GDAP'}], [contractsPath]: []});
	const lookups = {...graph, get: () => Promise.reject(cancelled)};
	t.is((await t.throwsAsync(discoverTenants(lookups)))?.message, 'Cancelled.');
	// One of the two lists cut off.
	const list = graphServing({[gdapPath]: cancelled, [contractsPath]: [{customerId: 'c-1', defaultDomainName: 'c.example', displayName: 'C'}]});
	t.is((await t.throwsAsync(discoverTenants(list)))?.message, 'Cancelled.');
});
