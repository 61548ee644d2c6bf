// Proves the sandbox speaks real Graph: every property of every object it returns, down through
// complex types and collections, exists on its type in Microsoft's v1.0 metadata (the committed
// subset in graph-schema.json), with a value of the declared kind.
import test from 'ava';
import {graphSchema, type SchemaProperty} from '../../source/sandbox/graph-schema.js';
import {startSandbox} from '../../source/sandbox/server.js';
import {customerToken, graph, signIn} from './helpers.js';

const STRING_TYPES = new Set(['Edm.String', 'Edm.Guid', 'Edm.DateTimeOffset', 'Edm.Date', 'Edm.TimeOfDay', 'Edm.Duration', 'Edm.Binary']);
const NUMBER_TYPES = new Set(['Edm.Int16', 'Edm.Int32', 'Edm.Int64', 'Edm.Double', 'Edm.Single', 'Edm.Decimal', 'Edm.Byte']);

class Checker {
	readonly problems: string[] = [];
	readonly seen = new Set<string>();

	object(value: unknown, declared: string, where: string): void {
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			this.problems.push(`${where}: expected an object of ${declared}`);
			return;
		}
		const record = value as Record<string, unknown>;
		const odataType = record['@odata.type'];
		const typeName = typeof odataType === 'string' ? odataType.replace(/^#/, '') : declared;
		const type = graphSchema.types[typeName];
		if (!type) {
			this.problems.push(`${where}: type ${typeName} is not in graph-schema.json`);
			return;
		}
		this.seen.add(typeName);
		for (const [name, item] of Object.entries(record)) {
			if (name.startsWith('@odata.')) continue;
			const property = type.properties[name];
			if (!property) this.problems.push(`${typeName}.${name}`);
			else this.value(item, property, `${typeName}.${name}`);
		}
	}

	value(value: unknown, property: SchemaProperty, where: string): void {
		if (property.collection) {
			if (!Array.isArray(value)) this.problems.push(`${where}: expected a collection`);
			else for (const item of value) this.single(item, {...property, collection: false, nullable: false}, `${where}[]`);
			return;
		}
		this.single(value, property, where);
	}

	private single(value: unknown, property: SchemaProperty, where: string): void {
		if (value === null) {
			if (!property.nullable) this.problems.push(`${where}: null but not nullable`);
			return;
		}
		const {type} = property;
		const enumMembers = graphSchema.enums[type];
		if (STRING_TYPES.has(type)) {
			if (typeof value !== 'string') this.problems.push(`${where}: expected ${type}, got ${typeof value}`);
			else if (type === 'Edm.Guid' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) this.problems.push(`${where}: not a GUID`);
			else if (type === 'Edm.DateTimeOffset' && Number.isNaN(Date.parse(value))) this.problems.push(`${where}: not a date`);
		} else if (NUMBER_TYPES.has(type)) {
			if (typeof value !== 'number') this.problems.push(`${where}: expected ${type}, got ${typeof value}`);
		} else if (type === 'Edm.Boolean') {
			if (typeof value !== 'boolean') this.problems.push(`${where}: expected Edm.Boolean, got ${typeof value}`);
		} else if (enumMembers) {
			if (!enumMembers.includes(value as string)) this.problems.push(`${where}: '${String(value)}' is not a member of ${type}`);
		} else if (graphSchema.types[type]) {
			this.object(value, type, where);
		} else {
			this.problems.push(`${where}: unresolved type ${type}`);
		}
	}
}

test('every property the sandbox serves exists on its Graph v1.0 type, and every served type is exercised', async t => {
	const cloud = await startSandbox({tenants: 4, seed: 2});
	t.teardown(() => cloud.stop());
	const {token} = await signIn(cloud);
	const partner = token.access_token;
	const world = cloud.context.world;
	const customer = world.customers.find(candidate => world.detail(candidate).directoryRoles.length > 1) ?? world.customers[0];
	const detail = world.detail(customer);
	const customerGraph = await customerToken(cloud, token.refresh_token, customer.tenantId);
	// "Full $select": every property the sandbox stores for the type.
	const all = (record: object) => `$select=${Object.keys(record).join(',')}`;
	const user = detail.users[0];
	const role = detail.directoryRoles[0].role;
	const everyUserProperty = Object.keys(graphSchema.types['microsoft.graph.user'].properties).join(',');

	const calls: Array<[string, string, string]> = [
		[partner, 'tenantRelationships/delegatedAdminCustomers?$select=id,tenantId,displayName', 'microsoft.graph.delegatedAdminCustomer'],
		[partner, 'tenantRelationships/delegatedAdminCustomers', 'microsoft.graph.delegatedAdminCustomer'],
		[partner, 'tenantRelationships/delegatedAdminRelationships', 'microsoft.graph.delegatedAdminRelationship'],
		[partner, `tenantRelationships/delegatedAdminRelationships?$filter=customer/tenantId eq '${world.customers.find(candidate => candidate.gdap)!.tenantId}'`, 'microsoft.graph.delegatedAdminRelationship'],
		[partner, `contracts?$select=id,deletedDateTime,contractType,customerId,defaultDomainName,displayName`, 'microsoft.graph.contract'],
		[partner, 'organization', 'microsoft.graph.organization'],
		[partner, `tenantRelationships/findTenantInformationByTenantId(tenantId='${customer.tenantId}')`, 'microsoft.graph.tenantInformation'],
		[partner, 'me?$select=id,displayName,userPrincipalName', 'microsoft.graph.user'],
		[customerGraph, `organization?${all(detail.organization)}`, 'microsoft.graph.organization'],
		[customerGraph, `domains?${all(detail.domains[0])}`, 'microsoft.graph.domain'],
		[customerGraph, `domains/${detail.domains[0].id}`, 'microsoft.graph.domain'],
		[customerGraph, `users?${all(user)}`, 'microsoft.graph.user'],
		[customerGraph, 'users', 'microsoft.graph.user'],
		[customerGraph, `users/${user.id}?${all(user)}`, 'microsoft.graph.user'],
		[customerGraph, `users/${user.id}?$select=${everyUserProperty}`, 'microsoft.graph.user'],
		[customerGraph, `subscribedSkus?${all(detail.subscribedSkus[0])}`, 'microsoft.graph.subscribedSku'],
		[customerGraph, `directoryRoles?${all(role)}`, 'microsoft.graph.directoryRole'],
		[customerGraph, `directoryRoles/${role.id}`, 'microsoft.graph.directoryRole'],
		[customerGraph, `directoryRoles/${role.id}/members?${all(user)}`, 'microsoft.graph.directoryObject'],
		[customerGraph, `reports/authenticationMethods/userRegistrationDetails?${all(detail.registrations[0])}`, 'microsoft.graph.userRegistrationDetails'],
	];
	const checker = new Checker();
	for (const [bearer, path, type] of calls) {
		const reply = await graph(cloud, bearer, path);
		// A refused $select names the offending property too, so collect rather than stop.
		if (reply.status !== 200) {
			checker.problems.push(`${path.split('?')[0]}: ${reply.status} ${reply.body?.error?.message}`);
			continue;
		}
		if (typeof reply.body['@odata.context'] !== 'string') checker.problems.push(`${path}: no @odata.context`);
		const objects = Array.isArray(reply.body.value) ? reply.body.value : [reply.body];
		if (objects.length === 0) checker.problems.push(`${path}: returned nothing to check`);
		// directoryObject is abstract here: members must name their concrete type.
		for (const object of objects) checker.object(object, type === 'microsoft.graph.directoryObject' ? 'missing @odata.type' : type, path);
	}
	const problems = [...new Set(checker.problems)];
	t.deepEqual(problems, [], `not in Graph v1.0: ${problems.join(', ')}`);
	const unexercised = graphSchema.served.filter(type => !checker.seen.has(type));
	t.deepEqual(unexercised, [], `served but never exercised: ${unexercised.join(', ')}`);
});

test('graph-schema.json records where it came from', t => {
	t.like(graphSchema.provenance, {repository: 'microsoftgraph/msgraph-metadata', path: 'clean_v10_metadata/cleanMetadata.xml', commit: 'f54f11b', date: '2026-08-20', license: 'MIT'});
	t.false(Object.keys(graphSchema.types).some(name => name.startsWith('microsoft.graph.security.')));
	t.true('deletedDateTime' in graphSchema.types['microsoft.graph.contract'].properties, 'inherited from directoryObject');
});
