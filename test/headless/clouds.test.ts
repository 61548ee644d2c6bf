// --cloud picks login, Graph, Exchange and Partner Center endpoints from one table; the sandbox
// poses as that cloud, so the real MSAL signs in at its authority and asks for its audiences,
// and Connect-ExchangeOnline gets its -ExchangeEnvironmentName.
import test from 'ava';
import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {clouds, checkCloudName, sandboxClientId} from '../../source/adapters/cloud.js';
import {startSandbox} from '../../source/sandbox/server.js';
import {exchangeRoute} from '../../source/sandbox/exchange.js';
import {headless, tempEnv} from '../helpers/headless.js';

test('the cloud table holds Microsoft\'s documented hosts, and GCC moderate is the public cloud', t => {
	t.deepEqual([clouds.usgov.loginUrl, clouds.usgov.graphUrl, clouds.usgov.exchangeEnvironment], ['https://login.microsoftonline.us', 'https://graph.microsoft.us', 'O365USGovGCCHigh']);
	t.deepEqual([clouds.dod.loginUrl, clouds.dod.graphUrl, clouds.dod.exchangeEnvironment], ['https://login.microsoftonline.us', 'https://dod-graph.microsoft.us', 'O365USGovDoD']);
	t.deepEqual([clouds.china.loginUrl, clouds.china.graphUrl, clouds.china.exchangeEnvironment, clouds.china.partnerCenterUrl], ['https://login.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn', 'O365China', 'https://partner.partnercenterapi.microsoftonline.cn']);
	t.is(checkCloudName('gcc'), 'public');
	t.is(checkCloudName('GCCHigh'), 'usgov');
	t.throws(() => checkCloudName('mars'), {message: /Unknown cloud "mars"\. Use one of: public, usgov, dod, china/});
});

function claims(jwt: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Every access token in the practice token cache, wherever the cache lives under the user's folder. */
async function cachedAccessTokens(env: Record<string, string | undefined>): Promise<{cache: string; tokens: Array<{target: string; claims: Record<string, unknown>}>}> {
	const cacheFolder = join(env['XDG_CACHE_HOME']!, 'tenantdeck');
	const cacheFile = (await readdir(cacheFolder, {recursive: true})).find(name => /(^|\/)token-cache[^/]*\.json$/.test(name))!;
	const cache = await readFile(join(cacheFolder, cacheFile), 'utf8');
	const entries = Object.values((JSON.parse(cache) as {AccessToken?: Record<string, {secret: string; target: string}>}).AccessToken ?? {});
	return {cache, tokens: entries.map(entry => ({target: entry.target, claims: claims(entry.secret)}))};
}

for (const name of ['usgov', 'dod', 'china'] as const) {
	const cloud = clouds[name];
	test(`--cloud ${name}: the sandbox poses as it — sign-in at ${new URL(cloud.loginUrl).host}, tokens for ${new URL(cloud.graphUrl).host} and ${new URL(cloud.exchangeUrl).host}, Exchange with ${cloud.exchangeEnvironment}`, async t => {
		const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 3, cloud: name, routes: [context => exchangeRoute(context)]});
		t.teardown(() => sandbox.stop());
		const env = await tempEnv();
		const customer = sandbox.context.world.customers[0]!.defaultDomain;
		const graphRun = await headless(['run', '--sandbox-url', sandbox.url, '--cloud', name, '--op', 'tenant-info', '--tenants', customer, '--format', 'json'], env);
		t.is(graphRun.code, 0, graphRun.stderr);
		t.is((JSON.parse(graphRun.stdout) as unknown[]).length, 1);

		const exchangeRun = await headless(['run', '--sandbox-url', sandbox.url, '--cloud', name, '--op', 'mailboxes-list', '--tenants', customer, '--format', 'json'], env);
		t.is(exchangeRun.code, 0, exchangeRun.stderr);
		const log = await (await fetch(`${sandbox.url}/_sandbox/exchange/log`)).json() as Array<{cmdlet: string; parameters: Record<string, unknown>}>;
		t.is(log.find(entry => entry.cmdlet === 'Connect-ExchangeOnline')!.parameters['ExchangeEnvironmentName'], cloud.exchangeEnvironment);

		// MSAL filed the tokens under the cloud's login host, each with that cloud's audience.
		const {cache, tokens} = await cachedAccessTokens(env);
		// MSAL files them under the host its metadata prefers for that cloud (China: login.partner.microsoftonline.cn).
		const loginHosts = [cloud.loginUrl, ...(cloud.loginAliases ?? [])].map(url => new URL(url).host);
		const environments = new Set([...cache.matchAll(/"environment":\s*"([^"]+)"/g)].map(match => match[1]));
		t.true([...environments].every(host => loginHosts.includes(host!)), [...environments].join(' '));
		t.notRegex(cache, /graph\.microsoft\.com|outlook\.office365\.com\//);
		// (Customer tokens stay in memory; the sandbox serves Exchange only to the cloud's own audience, so the run above proves it.)
		const audiences = new Set(tokens.map(token => token.claims['aud']));
		t.deepEqual([...audiences], [cloud.graphUrl]);
	});
}

test('a sandbox posing as usgov refuses a public-cloud client as Microsoft does (AADSTS900439), and an unknown audience with AADSTS500011', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 2, cloud: 'usgov', routes: [context => exchangeRoute(context)]});
	t.teardown(() => sandbox.stop());
	const ask = (scope: string) => fetch(`${sandbox.url}/organizations/oauth2/v2.0/devicecode`, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}, body: new URLSearchParams({client_id: sandboxClientId, scope})});
	const refused = await ask('https://graph.microsoft.com/.default offline_access');
	t.is(refused.status, 400);
	t.regex(((await refused.json()) as {error_description: string}).error_description, /^AADSTS900439: USGClientNotSupportedOnPublicEndpoint - .* must sign into https:\/\/login\.microsoftonline\.us instead of https:\/\/login\.microsoftonline\.com\./);
	const unknown = await ask('https://api.contoso.example/.default offline_access');
	t.regex(((await unknown.json()) as {error_description: string}).error_description, /^AADSTS500011: The resource principal named https:\/\/api\.contoso\.example was not found/);
	t.is((await ask('https://graph.microsoft.us/.default offline_access')).status, 200);

	const env = await tempEnv();
	const customer = sandbox.context.world.customers[0]!.defaultDomain;
	const bad = await headless(['run', '--sandbox-url', sandbox.url, '--cloud', 'moon', '--op', 'tenant-info', '--tenants', customer], env);
	t.is(bad.code, 2);
	t.regex(bad.stderr, /Unknown cloud "moon"/);
});
