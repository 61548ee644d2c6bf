// Request bodies with OData annotations, as every Graph SDK sends them, and Retry-After in whole
// seconds, as HTTP and the SDKs' retry handlers require.
import test from 'ava';
import {startSandbox, type Sandbox} from '../../source/sandbox/server.js';
import {control, customerToken, graph, signIn} from './helpers.js';

let cloud: Sandbox;
let token: string;
let userId: string;
test.before(async () => {
	cloud = await startSandbox({tenants: 3, seed: 4});
	const {token: partner} = await signIn(cloud);
	const customer = cloud.context.world.customers[0]!;
	token = await customerToken(cloud, partner.refresh_token, customer.tenantId);
	userId = cloud.context.world.detail(customer).users[1]!.id;
});
test.after.always(() => cloud?.stop());

async function jobTitle(): Promise<string | null> {
	return (await graph(cloud, token, `users/${userId}?$select=jobTitle`)).body.jobTitle;
}

test.serial('a PATCH carrying @odata.type and other annotations succeeds and changes only the properties', async t => {
	const reply = await graph(cloud, token, `users/${userId}`, {
		method: 'PATCH',
		body: {'@odata.type': '#microsoft.graph.user', '@odata.id': `users/${userId}`, '@contoso.note': 'from a script', 'businessPhones@odata.type': '#Collection(String)', jobTitle: 'Annotated', businessPhones: ['+1 555 0100']},
	});
	t.is(reply.status, 204, JSON.stringify(reply.body));
	t.is(await jobTitle(), 'Annotated');
	t.deepEqual((await graph(cloud, token, `users/${userId}?$select=businessPhones`)).body.businessPhones, ['+1 555 0100']);
	// Without the leading # too, as some clients write it.
	t.is((await graph(cloud, token, `users/${userId}`, {method: 'PATCH', body: {'@odata.type': 'microsoft.graph.user', jobTitle: 'Plain'}})).status, 204);
	t.is(await jobTitle(), 'Plain');
});

test.serial("an unknown property still gets Graph's 400, and nothing changes", async t => {
	const reply = await graph(cloud, token, `users/${userId}`, {method: 'PATCH', body: {'@odata.type': '#microsoft.graph.user', jobTitle: 'Never', favouriteColour: 'teal'}});
	t.is(reply.status, 400);
	t.is(reply.body.error.code, 'Request_BadRequest');
	t.is(reply.body.error.message, "Property 'favouriteColour' does not exist as a declared property or extension property.");
	t.is(await jobTitle(), 'Plain');
});

test.serial('@odata.type naming another or no type is refused as Graph refuses it', async t => {
	const other = await graph(cloud, token, `users/${userId}`, {method: 'PATCH', body: {'@odata.type': '#microsoft.graph.organization', jobTitle: 'Never'}});
	t.is(other.status, 400);
	t.regex(other.body.error.message, /'microsoft\.graph\.organization' was found .* 'microsoft\.graph\.user' was expected/);
	const unknown = await graph(cloud, token, `users/${userId}`, {method: 'PATCH', body: {'@odata.type': '#microsoft.graph.wizard', jobTitle: 'Never'}});
	t.is(unknown.status, 400);
	t.regex(unknown.body.error.message, /A type named 'microsoft\.graph\.wizard' could not be resolved/);
	t.is((await graph(cloud, token, `users/${userId}`, {method: 'PATCH', body: {'@odata.type': 42}})).status, 400);
	t.is(await jobTitle(), 'Plain');
});

test.serial('@odata.bind is read as a bind: to a real relationship the sandbox says it cannot apply it, to a made-up one it does not exist', async t => {
	const manager = await graph(cloud, token, `users/${userId}`, {method: 'PATCH', body: {'manager@odata.bind': `${cloud.url}/v1.0/users/${userId}`, jobTitle: 'Never'}});
	t.is(manager.status, 400);
	t.regex(manager.body.error.message, /does not model relationships, so 'manager@odata\.bind' cannot be applied; nothing was changed/);
	const madeUp = await graph(cloud, token, `users/${userId}`, {method: 'PATCH', body: {'sidekick@odata.bind': 'users/x'}});
	t.is(madeUp.status, 400);
	t.is(madeUp.body.error.message, "Property 'sidekick' does not exist as a declared property or extension property.");
	t.is(await jobTitle(), 'Plain');
});

test.serial('Retry-After is whole seconds: fractions round up, zero stays zero', async t => {
	t.teardown(() => control(cloud, 'knobs', {rate429: 0, rate503: 0, retryAfterSec: 1}));
	for (const [knob, header] of [[0.4, '1'], [2.01, '3'], [0, '0'], [5, '5']] as const) {
		await control(cloud, 'knobs', {rate429: 1, retryAfterSec: knob});
		const reply = await graph(cloud, token, 'organization');
		t.is(reply.status, 429);
		t.is(reply.headers.get('retry-after'), header, `knob ${knob}`);
	}
	await control(cloud, 'knobs', {rate429: 0, rate503: 1, retryAfterSec: 0.5});
	t.is((await graph(cloud, token, 'organization')).headers.get('retry-after'), '1');
});
