import test from 'ava';
import {startSandbox, type Sandbox} from '../../source/sandbox/server.js';
import {control, customerToken, graph, listAll, signIn} from './helpers.js';

let cloud: Sandbox;
let partnerToken: string;
let refreshToken: string;

test.before(async () => {
	cloud = await startSandbox({tenants: 30, seed: 5});
	const {token} = await signIn(cloud);
	partnerToken = token.access_token;
	refreshToken = token.refresh_token;
});
test.after.always(() => cloud.stop());

// Tests that change knobs run serially (ava runs serial tests before the concurrent ones).

/** The customer with the most users, so paging has pages. */
function biggest() {
	return [...cloud.context.world.customers].sort((a, b) => cloud.context.world.detail(b).users.length - cloud.context.world.detail(a).users.length)[0];
}

function expectGraphError(t: import('ava').ExecutionContext, reply: Awaited<ReturnType<typeof graph>>, status: number, code: string) {
	t.is(reply.status, status);
	t.is(reply.body.error.code, code);
	t.is(typeof reply.body.error.message, 'string');
	t.is(reply.body.error.innerError['request-id'], reply.headers.get('request-id'));
	t.truthy(reply.body.error.innerError.date);
}

test('paging with $top covers every user exactly once via absolute nextLinks', async t => {
	const tenant = biggest();
	const token = await customerToken(cloud, refreshToken, tenant.tenantId);
	const {items, pages} = await listAll(cloud, token, 'users?$select=id,userPrincipalName&$top=7');
	const raw = (await control(cloud, `users/${tenant.tenantId}`)).body.value as Array<{id: string}>;
	t.is(pages, Math.ceil(raw.length / 7));
	t.deepEqual(items.map(user => user.id).sort(), raw.map(user => user.id).sort());
	t.is(new Set(items.map(user => user.id)).size, items.length);
	const first = await graph(cloud, token, 'users?$top=7');
	t.true(first.body['@odata.nextLink'].startsWith(`${cloud.url}/v1.0/users?`));
	t.is(first.body['@odata.context'], `${cloud.url}/v1.0/$metadata#users`);
});

test('$top above 999 is rejected as Graph does', async t => {
	const token = await customerToken(cloud, refreshToken, biggest().tenantId);
	const reply = await graph(cloud, token, 'users?$top=1000');
	expectGraphError(t, reply, 400, 'Request_BadRequest');
	t.regex(reply.body.error.message, /Must be between 1 and 999/);
	t.is((await graph(cloud, token, 'users?$top=999')).status, 200);
});

test('users come with Graph default properties; passwordPolicies only when selected', async t => {
	const token = await customerToken(cloud, refreshToken, biggest().tenantId);
	const plain = await graph(cloud, token, 'users?$top=1');
	t.deepEqual(Object.keys(plain.body.value[0]).sort(), ['businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName']);
	const selected = await graph(cloud, token, 'users?$top=1&$select=id,passwordPolicies');
	t.deepEqual(Object.keys(selected.body.value[0]), ['id', 'passwordPolicies']);
	expectGraphError(t, await graph(cloud, token, 'users?$select=shoeSize'), 400, 'BadRequest');
});

test('$filter supports eq and startswith joined by and, and refuses the rest', async t => {
	const tenant = biggest();
	const token = await customerToken(cloud, refreshToken, tenant.tenantId);
	const users = cloud.context.world.detail(tenant).users;
	const target = users[3];
	const byUpn = await graph(cloud, token, `users?$filter=${encodeURIComponent(`userPrincipalName eq '${target.userPrincipalName.toUpperCase()}'`)}`);
	t.deepEqual(byUpn.body.value.map((user: {id: string}) => user.id), [target.id]);
	const letter = target.givenName![0];
	const expected = users.filter(user => user.displayName.toLowerCase().startsWith(letter.toLowerCase()) && user.accountEnabled).map(user => user.id);
	const combined = await graph(cloud, token, `users?$filter=${encodeURIComponent(`startswith(displayName,'${letter}') and accountEnabled eq true`)}&$select=id`);
	t.deepEqual(combined.body.value.map((user: {id: string}) => user.id), expected);
	const quoted = await graph(cloud, token, `users?$filter=${encodeURIComponent("surname eq 'O''Brien'")}&$select=surname`);
	t.true(quoted.body.value.every((user: {surname: string}) => user.surname === "O'Brien"));
	expectGraphError(t, await graph(cloud, token, `users?$filter=${encodeURIComponent("displayName ne 'x'")}`), 400, 'Request_UnsupportedQuery');
	expectGraphError(t, await graph(cloud, token, `users?$filter=${encodeURIComponent("passwordPolicies eq 'None'")}`), 400, 'Request_UnsupportedQuery');
	expectGraphError(t, await graph(cloud, token, `users?$filter=${encodeURIComponent("displayName eq 'x")}`), 400, 'BadRequest');
	expectGraphError(t, await graph(cloud, token, `users?$filter=${encodeURIComponent("accountEnabled eq 'yes'")}`), 400, 'BadRequest');
});

test('$count=true needs ConsistencyLevel: eventual and then adds @odata.count', async t => {
	const tenant = biggest();
	const token = await customerToken(cloud, refreshToken, tenant.tenantId);
	expectGraphError(t, await graph(cloud, token, 'users?$count=true'), 400, 'Request_BadRequest');
	const counted = await graph(cloud, token, 'users?$count=true&$top=2', {headers: {ConsistencyLevel: 'eventual'}});
	t.is(counted.body['@odata.count'], cloud.context.world.detail(tenant).users.length);
});

test('PATCH passwordPolicies persists; an invalid value is refused with Graph’s error body', async t => {
	const tenant = cloud.context.world.customers[2];
	const token = await customerToken(cloud, refreshToken, tenant.tenantId);
	const user = cloud.context.world.detail(tenant).users[4];
	const patched = await graph(cloud, token, `users/${encodeURIComponent(user.userPrincipalName)}`, {method: 'PATCH', body: {passwordPolicies: 'DisablePasswordExpiration, DisableStrongPassword'}});
	t.is(patched.status, 204);
	const read = await graph(cloud, token, `users/${user.id}?$select=passwordPolicies,userPrincipalName`);
	t.is(read.body.passwordPolicies, 'DisablePasswordExpiration, DisableStrongPassword');
	t.is(read.body['@odata.context'], `${cloud.url}/v1.0/$metadata#users(passwordPolicies,userPrincipalName)/$entity`);
	const raw = (await control(cloud, `users/${tenant.defaultDomain}`)).body.value.find((entry: {id: string}) => entry.id === user.id);
	t.is(raw.passwordPolicies, 'DisablePasswordExpiration, DisableStrongPassword');
	const invalid = await graph(cloud, token, `users/${user.id}`, {method: 'PATCH', body: {passwordPolicies: 'NeverExpire'}});
	expectGraphError(t, invalid, 400, 'Request_BadRequest');
	t.is(invalid.body.error.message, "Invalid value specified for property 'passwordPolicies' of resource 'User'.");
	t.is((await graph(cloud, token, `users/${user.id}?$select=passwordPolicies`)).body.passwordPolicies, 'DisablePasswordExpiration, DisableStrongPassword');
	expectGraphError(t, await graph(cloud, token, `users/${user.id}`, {method: 'PATCH', body: {id: 'x'}}), 400, 'Request_BadRequest');
	expectGraphError(t, await graph(cloud, token, 'users/nobody@nowhere.example', {method: 'PATCH', body: {passwordPolicies: 'None'}}), 404, 'Request_ResourceNotFound');
	expectGraphError(t, await graph(cloud, token, 'users/nobody@nowhere.example'), 404, 'Request_ResourceNotFound');
});

test.serial('a forbidden tenant answers 403 Authorization_RequestDenied, by id or domain', async t => {
	const [first, second] = cloud.context.world.customers;
	const firstToken = await customerToken(cloud, refreshToken, first.tenantId);
	const secondToken = await customerToken(cloud, refreshToken, second.tenantId);
	await control(cloud, 'knobs', {forbiddenTenants: [first.tenantId, second.defaultDomain]});
	t.teardown(() => control(cloud, 'knobs', {forbiddenTenants: []}));
	for (const token of [firstToken, secondToken]) {
		const reply = await graph(cloud, token, 'users');
		expectGraphError(t, reply, 403, 'Authorization_RequestDenied');
		t.is(reply.body.error.message, 'Insufficient privileges to complete the operation.');
	}
	t.is((await graph(cloud, partnerToken, 'contracts')).status, 200);
});

test('partner discovery: GDAP customers and contracts together cover every customer', async t => {
	const gdap = await listAll(cloud, partnerToken, 'tenantRelationships/delegatedAdminCustomers?$top=7');
	const contracts = await listAll(cloud, partnerToken, 'contracts');
	const ids = new Set([...gdap.items.map(item => item.tenantId), ...contracts.items.map(item => item.customerId)]);
	t.is(ids.size, cloud.context.world.customers.length);
	t.true(gdap.items.length < ids.size && contracts.items.length < ids.size);
	expectGraphError(t, await graph(cloud, partnerToken, 'tenantRelationships/delegatedAdminCustomers?$top=301'), 400, 'BadRequest');
});

test('unknown paths and methods answer as Graph does', async t => {
	const reply = await graph(cloud, partnerToken, 'widgets');
	expectGraphError(t, reply, 400, 'BadRequest');
	t.is(reply.body.error.message, "Resource not found for the segment 'widgets'.");
	expectGraphError(t, await graph(cloud, partnerToken, 'organization', {method: 'DELETE'}), 405, 'Request_BadRequest');
	expectGraphError(t, await graph(cloud, partnerToken, 'users?$orderby=displayName'), 400, 'BadRequest');
});

test('directory role members are users with @odata.type', async t => {
	const token = await customerToken(cloud, refreshToken, cloud.context.world.customers[0].tenantId);
	const roles = await graph(cloud, token, 'directoryRoles');
	const admins = roles.body.value.find((role: {roleTemplateId: string}) => role.roleTemplateId === '62e90394-69f5-4237-9190-012177145e10');
	const members = await graph(cloud, token, `directoryRoles/${admins.id}/members`);
	t.true(members.body.value.length >= 1);
	t.true(members.body.value.every((member: Record<string, unknown>) => member['@odata.type'] === '#microsoft.graph.user' && typeof member.userPrincipalName === 'string'));
});
