import test from 'ava';
import {knobsFromEnv, startSandbox} from '../../source/sandbox/server.js';
import {control, graph, signIn} from './helpers.js';

test('429 injection carries Retry-After and TooManyRequests; 503 carries serviceNotAvailable', async t => {
	const cloud = await startSandbox({tenants: 2, rate429: 1, retryAfterSec: 7});
	t.teardown(() => cloud.stop());
	const {token} = await signIn(cloud);
	const throttled = await graph(cloud, token.access_token, 'organization');
	t.is(throttled.status, 429);
	t.is(throttled.headers.get('retry-after'), '7');
	t.is(throttled.body.error.code, 'TooManyRequests');
	t.is(throttled.body.error.innerError['request-id'], throttled.headers.get('request-id'));
	await control(cloud, 'knobs', {rate429: 0, rate503: 1});
	const unavailable = await graph(cloud, token.access_token, 'organization');
	t.is(unavailable.status, 503);
	t.is(unavailable.body.error.code, 'serviceNotAvailable');
	await control(cloud, 'knobs', {rate503: 0});
	t.is((await graph(cloud, token.access_token, 'organization')).status, 200);
});

test('faults follow the seed: the same seed throttles the same requests', async t => {
	const statuses = async () => {
		const cloud = await startSandbox({tenants: 2, seed: 11, rate429: 0.3, rate503: 0.2});
		try {
			const {token} = await signIn(cloud);
			const seen: number[] = [];
			for (let index = 0; index < 30; index++) seen.push((await graph(cloud, token.access_token, 'organization')).status);
			return seen;
		} finally {
			await cloud.stop();
		}
	};
	const first = await statuses();
	t.deepEqual(await statuses(), first);
	t.true(first.includes(429) && first.includes(503) && first.includes(200));
});

test('stats count every request, Graph requests and issued tokens', async t => {
	const cloud = await startSandbox({tenants: 2});
	t.teardown(() => cloud.stop());
	const {token, polls} = await signIn(cloud);
	for (let index = 0; index < 5; index++) await graph(cloud, token.access_token, 'domains');
	await graph(cloud, undefined, 'domains');
	const stats = (await control(cloud, 'stats')).body;
	// devicecode + polls + 6 Graph calls; the stats call itself is counted too.
	t.is(stats.requests, 1 + polls.length + 6 + 1);
	t.is(stats.graphRequests, 6);
	t.is(stats.tokensIssued, 1);
	t.deepEqual(stats.exchange, {opened: 0, closed: 0, open: 0, peak: 0, refused: 0});
	t.is(cloud.stats().requests, stats.requests);
});

test('latencyMs delays Graph answers but not sign-in', async t => {
	// A minute of latency would stall sign-in past the test timeout if it applied there.
	const cloud = await startSandbox({tenants: 2, latencyMs: 60_000});
	t.teardown(() => cloud.stop());
	const {token} = await signIn(cloud);
	await control(cloud, 'knobs', {latencyMs: 120});
	const start = performance.now();
	t.is((await graph(cloud, token.access_token, 'organization')).status, 200);
	t.true(performance.now() - start >= 115);
});

test('knobs are validated when changed at run time', async t => {
	const cloud = await startSandbox({tenants: 2});
	t.teardown(() => cloud.stop());
	const bad = await control(cloud, 'knobs', {rate429: 2});
	t.is(bad.status, 400);
	t.regex(bad.body.error.message, /rate429/);
	t.is((await control(cloud, 'knobs', {tenants: 9})).status, 400);
	t.is((await control(cloud, 'knobs', {nonsense: 1})).status, 400);
	const good = await control(cloud, 'knobs', {latencyMs: 5, forbiddenTenants: ['a.example']});
	t.like(good.body, {latencyMs: 5, forbiddenTenants: ['a.example'], tenants: 2});
	t.like((await control(cloud, 'knobs')).body, {latencyMs: 5});
	t.is((await control(cloud, 'world')).body.customers.length, 2);
});

test('knobsFromEnv reads TENANTDECK_SANDBOX_* for every knob and names the bad one', t => {
	t.deepEqual(
		knobsFromEnv({
			TENANTDECK_SANDBOX_TENANTS: '500',
			TENANTDECK_SANDBOX_LATENCY_MS: '25',
			TENANTDECK_SANDBOX_RATE429: '0.1',
			TENANTDECK_SANDBOX_FORBIDDEN_TENANTS: 'a.example, b.example',
			TENANTDECK_SANDBOX_EXCHANGE_HANG_TENANTS: '',
			TENANTDECK_SANDBOX_SIGN_IN_ERROR: 'mfa',
			UNRELATED: 'x',
		}),
		{tenants: 500, latencyMs: 25, rate429: 0.1, forbiddenTenants: ['a.example', 'b.example'], exchangeHangTenants: [], signInError: 'mfa'},
	);
	t.throws(() => knobsFromEnv({TENANTDECK_SANDBOX_TENANTS: 'many'}), {message: /TENANTDECK_SANDBOX_TENANTS/});
	t.throws(() => knobsFromEnv({TENANTDECK_SANDBOX_TENANTS: '5001'}), {message: /TENANTDECK_SANDBOX_TENANTS/});
	t.deepEqual(knobsFromEnv({}), {});
});

test('the stand-in module\'s warm-up requests are answered at once whatever the latency knob, so no PowerShell start waits for it', async t => {
	const cloud = await startSandbox({tenants: 1, latencyMs: 60_000});
	t.teardown(() => cloud.stop());
	for (const method of ['POST', 'DELETE']) {
		// Bounded far below the latency: a delayed answer fails here instead of hanging the test.
		const response = await fetch(`${cloud.url}/_sandbox/warm-up`, {method, body: method === 'POST' ? '{"warmUp":true}' : undefined, headers: {'content-type': 'application/json'}, signal: AbortSignal.timeout(10_000)});
		t.is(response.status, 200, method);
	}
});
