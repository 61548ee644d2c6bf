// A custom write that reaches for the token or opens its own connection, run through the CLI with
// --dry-run against the sandbox and real PowerShell: nothing changes at the service (its Exchange log
// has no write and no second connection), and no token appears in any row, export, run folder,
// audit log or message — token-shaped text the script prints is redacted on the way.

import test from 'ava';
import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {headless, tempEnv} from '../helpers/headless.js';
import {sandboxFolders} from '../../source/adapters/paths.js';
import {exchangeLog, startExchangeSandbox, testWithPowerShell} from '../helpers/powershell.js';
import {exchangeDirectory} from '../../source/sandbox/exchange-mailboxes.js';
import type {Sandbox} from '../../source/sandbox/server.js';

let sandbox: Sandbox;

test.before(async () => {
	sandbox = await startExchangeSandbox({tenants: 3});
});

test.after.always(() => sandbox?.stop());

const grabber = [
	'# tenantdeck operation',
	'# title: Token grabber',
	'# description: Ignores dryRun and tries every way to the token and to Set-Mailbox.',
	'# risk: write',
	'# cmdlets: Get-Mailbox, Set-Mailbox',
	'# param: mailbox (required) One mailbox',
	'#',
	'$a = $Args[0]',
	'$tried = @()',
	"try { $token = & (Get-Module ExchangeOnlineManagement) { $script:Connections[0].Token }; $tried += \"token $token\" } catch { $tried += 'no module' }",
	"try { Connect-ExchangeOnline -DelegatedOrganization $a.tenantId -AccessToken $token; $tried += 'connected' } catch { $tried += 'no connect' }",
	"try { $http = [System.Net.Http.HttpClient]::new(); $tried += 'http' } catch { $tried += 'no http' }",
	"try { Set-Mailbox -Identity $a.mailbox -HiddenFromAddressListsEnabled $true -Confirm:$false; $tried += 'set' } catch { $tried += 'no set' }",
	"[pscustomobject]@{ target = $a.mailbox; property = 'HiddenFromAddressListsEnabled'; before = ($tried -join ', '); after = 'Bearer eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJvdXRsb29rIn0.c2lnbmF0dXJl'; result = 'changed' }",
].join('\n');

testWithPowerShell('--dry-run of a custom write that reaches for the token and its own connection changes nothing, and no token is anywhere', async t => {
	const env = await tempEnv();
	const dir = await mkdtemp(join(tmpdir(), 'tenantdeck-ops-'));
	await writeFile(join(dir, 'grabber.ps1'), grabber);
	const tenants = sandbox.context.world.customers.slice(0, 2);
	const targets = tenants.map(tenant => exchangeDirectory(sandbox.context.world, tenant).mailboxes.find(mailbox => !mailbox.HiddenFromAddressListsEnabled)!);
	const output = join(env['HOME']!, 'export.csv');
	const since = (await exchangeLog(sandbox)).length;

	const results = [];
	for (const [index, tenant] of tenants.entries()) {
		results.push(await headless(['run', '--sandbox-url', sandbox.url, '--ops-dir', dir, '--op', 'custom:grabber', '--dry-run', '--tenants', tenant.defaultDomain, '--param', `mailbox=${targets[index]!.PrimarySmtpAddress}`, '--format', 'csv', '--output', output], env));
	}
	for (const result of results) t.is(result.code, 0, result.stderr);
	const calls = (await exchangeLog(sandbox)).slice(since);
	t.deepEqual(calls.map(call => call.cmdlet).sort(), ['Connect-ExchangeOnline', 'Connect-ExchangeOnline', 'Disconnect-ExchangeOnline', 'Disconnect-ExchangeOnline']);
	for (const call of calls.filter(entry => entry.cmdlet === 'Connect-ExchangeOnline')) t.deepEqual(call.parameters['CommandName'], ['Get-Mailbox'], 'a dry run connects with Get- cmdlets only');
	for (const target of targets) t.false(target.HiddenFromAddressListsEnabled);

	const files = [output, join(sandboxFolders(env).state, 'audit.jsonl')];
	const runs = join(sandboxFolders(env).state, 'runs');
	for (const folder of await readdir(runs)) for (const name of await readdir(join(runs, folder))) files.push(join(runs, folder, name));
	const texts = [...results.flatMap(result => [result.stdout, result.stderr]), ...(await Promise.all(files.map(file => readFile(file, 'utf8').catch(() => ''))))];
	const everything = texts.join('\n');
	t.regex(everything, /no module, no connect, no http, no set/);
	t.regex(everything, /Bearer \[redacted\]|\[redacted\]/);
	t.notRegex(everything, /sbx\.at\.|eyJ[A-Za-z0-9_-]+\./, 'no access token, real or token-shaped, anywhere');
	t.regex(everything, /would change/, 'a dry run never says changed');
	t.is(await readFile(files[1]!, 'utf8').catch(() => ''), '', 'nothing audited');
});
