// Every Graph read operation through the real CLI, MSAL, HTTP and the sandbox, across all 24 tenants
// with one tenant the partner has no GDAP role in: 23 tenants' rows match the sandbox's own data,
// and the 24th fails with its domain named. One sandbox for the file, one run per operation.

import test from 'ava';
import {headless, tempEnv} from '../helpers/headless.js';
import {startSandbox, type Sandbox} from '../../source/sandbox/server.js';
import type {TenantRecord} from '../../source/sandbox/world.js';
import type {TenantDetail} from '../../source/sandbox/tenant-detail.js';
import {privilegedRoles} from '../../source/core/operations/admins-list.js';

type JsonRow = Record<string, unknown> & {tenantId: string; tenantDomain: string};
type Expect = (detail: TenantDetail, tenant: TenantRecord) => string[];

let sandbox: Sandbox;
let forbidden: TenantRecord;
let env: NodeJS.ProcessEnv;

test.before(async () => {
	sandbox = await startSandbox({deviceCodeIntervalSec: 0});
	forbidden = sandbox.context.world.customers[5]!;
	sandbox.context.knobs.forbiddenTenants = [forbidden.defaultDomain];
	// One home for every run: the first signs in, the rest reuse its token cache.
	env = await tempEnv();
});

test.after.always(() => sandbox?.stop());

const neverExpires = (policies: string | null) => (policies ?? '').includes('DisablePasswordExpiration');

/** For each operation: the key of a row, and the keys the sandbox's data says a tenant should give. */
const cases: Record<string, {key: (row: JsonRow) => string; expect: Expect}> = {
	'tenant-info': {key: row => String(row['displayName']), expect: detail => [String(detail.organization['displayName'])]},
	domains: {key: row => String(row['domain']), expect: detail => detail.domains.map(domain => String(domain['id']))},
	'users-list': {key: row => String(row['userPrincipalName']), expect: detail => detail.users.map(user => user.userPrincipalName)},
	'admins-list': {
		// accountEnabled is outside a member's default properties in Graph: it must be asked for.
		key: row => `${String(row['role'])} ${String(row['userPrincipalName'])} enabled=${String(row['accountEnabled'])}`,
		expect: detail => detail.directoryRoles.flatMap(({role, memberIds}) => {
			const name = privilegedRoles[String(role['roleTemplateId'])];
			const member = (id: string) => detail.users.find(user => user.id === id);
			return name ? memberIds.map(id => `${name} ${member(id)?.userPrincipalName ?? ''} enabled=${String(member(id)?.accountEnabled)}`) : [];
		}),
	},
	'licenses-summary': {key: row => String(row['sku']), expect: detail => detail.subscribedSkus.map(sku => String(sku['skuPartNumber']))},
	'mfa-registration': {
		key: row => String(row['userPrincipalName']),
		expect: detail => detail.registrations.filter(entry => !entry['isMfaRegistered']).map(entry => String(entry['userPrincipalName'])),
	},
	'password-policy': {
		key: row => `${String(row['kind'])} ${String(row['name'])}`,
		expect: detail => [
			...detail.domains.filter(domain => domain['isVerified'] !== false).map(domain => `domain ${String(domain['id'])}`),
			...detail.users.filter(user => neverExpires(user.passwordPolicies)).map(user => `user ${user.userPrincipalName}`),
		],
	},
	'password-never-expires-report': {
		key: row => String(row['userPrincipalName']),
		expect: detail => detail.users.filter(user => neverExpires(user.passwordPolicies)).map(user => user.userPrincipalName),
	},
};

for (const [operation, {key, expect}] of Object.entries(cases)) {
	test.serial(`${operation}: rows for 23 tenants match the sandbox; the tenant without a role fails, named`, async t => {
		const result = await headless(['run', '--sandbox-url', sandbox.url, '--op', operation, '--tenants', 'all', '--format', 'json'], env);
		t.is(result.code, 3, result.stderr);
		t.regex(result.stderr, /23 succeeded, 1 failed/);
		const failure = result.stderr.split('\n').find(line => line.includes('FAILED'));
		t.true(failure?.includes(forbidden.defaultDomain), failure);
		const rows = JSON.parse(result.stdout) as JsonRow[];
		t.false(rows.some(row => row.tenantId === forbidden.tenantId));
		for (const tenant of sandbox.context.world.customers) {
			if (tenant === forbidden) continue;
			const got = rows.filter(row => row.tenantId === tenant.tenantId).map(key).sort();
			t.deepEqual(got, expect(sandbox.context.world.detail(tenant), tenant).sort(), `${operation} in ${tenant.defaultDomain}`);
		}
		// Something to compare in most tenants, so an empty answer cannot pass by matching empty data.
		t.true(operation === 'password-never-expires-report' ? rows.length > 0 : rows.length >= 23, `${operation}: ${rows.length} rows`);
	});
}
