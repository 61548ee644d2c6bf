// --cloud picks login, Graph, Exchange and Partner Center endpoints from one table; the sandbox
// poses as that cloud, so the real MSAL signs in at its authority and asks for its audiences,
// and Connect-ExchangeOnline gets its -ExchangeEnvironmentName.
import test from 'ava';
import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {clouds, checkCloudName} from '../../source/adapters/cloud.js';
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

test('--cloud usgov signs in at login.microsoftonline.us for graph.microsoft.us and connects Exchange with O365USGovGCCHigh', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 3, routes: [context => exchangeRoute(context)]});
	t.teardown(() => sandbox.stop());
	const env = await tempEnv();
	const customer = sandbox.context.world.customers[0]!.defaultDomain;
	const graphRun = await headless(['run', '--sandbox-url', sandbox.url, '--cloud', 'usgov', '--op', 'tenant-info', '--tenants', customer, '--format', 'json'], env);
	t.is(graphRun.code, 0, graphRun.stderr);
	// Practice keeps its own cache folder under the user's: find the token cache wherever it lives.
	const cacheFolder = join(env['XDG_CACHE_HOME']!, 'tenantdeck');
	const cacheFile = (await readdir(cacheFolder, {recursive: true})).find(name => /(^|\/)token-cache[^/]*\.json$/.test(name))!;
	const cache = await readFile(join(cacheFolder, cacheFile), 'utf8');
	t.regex(cache, /"environment":\s*"login\.microsoftonline\.us"/);
	t.regex(cache, /https:\/\/graph\.microsoft\.us\/\.default/);
	t.notRegex(cache, /graph\.microsoft\.com/);

	const exchangeRun = await headless(['run', '--sandbox-url', sandbox.url, '--cloud', 'usgov', '--op', 'mailboxes-list', '--tenants', customer, '--format', 'json'], env);
	t.is(exchangeRun.code, 0, exchangeRun.stderr);
	const log = await (await fetch(`${sandbox.url}/_sandbox/exchange/log`)).json() as Array<{cmdlet: string; parameters: Record<string, unknown>}>;
	const connect = log.find(entry => entry.cmdlet === 'Connect-ExchangeOnline')!;
	t.is(connect.parameters['ExchangeEnvironmentName'], 'O365USGovGCCHigh');

	const bad = await headless(['run', '--sandbox-url', sandbox.url, '--cloud', 'moon', '--op', 'tenant-info', '--tenants', customer], env);
	t.is(bad.code, 2);
	t.regex(bad.stderr, /Unknown cloud "moon"/);
});
