// The PowerShell adapter against real PowerShell (pwsh or the engine host): envelopes, errors,
// its own timeout, death mid-call, the environment it sets, and what happens with no PowerShell.

import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {once} from 'node:events';
import type {AddressInfo} from 'node:net';
import test from 'ava';
import {findPowerShell, installHint} from '../../source/adapters/powershell/find-powershell.js';
import {isAlive} from '../../source/adapters/powershell/kill-tree.js';
import {PowerShellProcess} from '../../source/adapters/powershell/powershell-process.js';
import {createPowerShellPort, engineHostRuntime, powershellEnvironment} from '../../source/adapters/powershell/powershell-port.js';
import {buildCommandLine, newNonce} from '../../source/adapters/powershell/protocol.js';
import type {TenantdeckError} from '../../source/core/errors.js';
import type {PowerShellSession} from '../../source/core/supervisor-ports.js';
import {shellQuoted, testWithPowerShell} from '../helpers/powershell.js';

const call = {timeoutMs: 20_000};

async function started(t: {teardown(fn: () => unknown): void}, path: string, sandboxUrl?: string): Promise<PowerShellSession> {
	const session = await createPowerShellPort({configuredPath: path, sandboxUrl}).start();
	t.teardown(() => session.kill());
	return session;
}

test('every call is one ASCII line with values only inside base64', t => {
	const line = buildCommandLine('$Args[0].x', {x: "'; Remove-Item -Recurse / #\n‘’"}, newNonce());
	t.false(line.includes('\n'));
	t.regex(line, /^[\x20-\x7e]+$/);
	t.notRegex(line, /Remove-Item/);
	const quoted = [...line.matchAll(/'([^']*)'/g)].map(match => match[1]);
	for (const part of quoted) t.regex(part, /^[A-Za-z0-9+/=]*$|^TDENV[0-9a-f]+:$/);
});

test('after the first call a call line is short: the wrapper is defined once per process', t => {
	const first = buildCommandLine('1', {}, newNonce());
	const next = buildCommandLine('1', {}, newNonce(), '/tmp/rows.txt', false);
	t.true(first.length > 2000);
	t.regex(next, /^Invoke-TdCall '[A-Za-z0-9+/=]*' '[A-Za-z0-9+/=]*' 'TDENV[0-9a-f]+:' '[A-Za-z0-9+/=]+' ''$/);
	t.true(next.length < 120);
});

test('with no PowerShell anywhere the error says how to install pwsh on each system', async t => {
	const error = await t.throwsAsync(findPowerShell({sandbox: false, env: {PATH: ''}}));
	const typed = error as TenantdeckError;
	t.is(typed.kind, 'powershell');
	t.regex(typed.message, /PowerShell 7 \(pwsh\)/);
	t.is(typed.hint, installHint);
	t.regex(installHint, /Linux: sudo snap install powershell --classic/);
	t.regex(installHint, /macOS: brew install --cask powershell/);
	t.regex(installHint, /Windows: winget install --id Microsoft\.PowerShell/);
	t.regex(installHint, /Install-Module ExchangeOnlineManagement/);
	// The sandbox also names the engine host way out.
	const sandbox = (await t.throwsAsync(findPowerShell({sandbox: true, env: {PATH: ''}, engineHostPath: '/nonexistent/host'}))) as TenantdeckError;
	t.regex(sandbox.hint ?? '', /npm run build:pwsh-host/);
});

test('a configured path that does not exist is named, not silently replaced', async t => {
	const error = (await t.throwsAsync(findPowerShell({sandbox: true, configuredPath: '/opt/nowhere/pwsh'}))) as TenantdeckError;
	t.regex(error.message, /\/opt\/nowhere\/pwsh/);
});

test('a PowerShell that cannot start fails the call and does not crash Node', async t => {
	const session = new PowerShellProcess({executable: '/nonexistent/pwsh', env: process.env});
	await session.exited;
	t.false(session.alive);
	const error = (await t.throwsAsync(session.invoke('1', {}, call))) as TenantdeckError;
	t.is(error.kind, 'powershell');
	t.regex(error.message, /could not be started/);
});

test('the environment: quiet, and the sandbox module and URL only in sandbox mode', t => {
	const base = {PATH: '/usr/bin', PSModulePath: '/home/me/modules', TENANTDECK_SANDBOX_EXCHANGE_URL: 'http://stale', NODE_POWERSHELL: '/x'};
	const real = powershellEnvironment({env: base});
	t.is(real['POWERSHELL_TELEMETRY_OPTOUT'], '1');
	t.is(real['POWERSHELL_UPDATECHECK'], 'Off');
	t.is(real['POWERSHELL_DIAGNOSTICS_OPTOUT'], '1', 'no pipe another process could attach to (Enter-PSHostProcess)');
	t.is(real['PSModulePath'], '/home/me/modules');
	t.is(real['TENANTDECK_SANDBOX_EXCHANGE_URL'], undefined);
	t.is(real['NODE_POWERSHELL'], undefined);
	const sandbox = powershellEnvironment({env: base, sandboxUrl: 'http://127.0.0.1:9/', moduleRoot: '/pkg/exchange-module'});
	t.true(sandbox['PSModulePath']!.startsWith('/pkg/exchange-module'));
	t.true(sandbox['PSModulePath']!.endsWith('/home/me/modules'));
	t.is(sandbox['TENANTDECK_SANDBOX_EXCHANGE_URL'], 'http://127.0.0.1:9');
	t.is(real['NO_PROXY'], undefined);
	// Behind a proxy, the module's requests to the sandbox on this machine still go direct.
	const proxied = powershellEnvironment({env: {...base, HTTPS_PROXY: 'http://proxy.corp:8080', NO_PROXY: 'corp.example'}, sandboxUrl: 'https://127.0.0.1:9/', moduleRoot: '/pkg/exchange-module'});
	t.is(proxied['NO_PROXY'], 'corp.example,127.0.0.1');
	t.is(proxied['no_proxy'], 'corp.example,127.0.0.1');
});

testWithPowerShell('values round-trip as data and the envelope carries warnings', async (t, location) => {
	const session = await started(t, location.path, 'http://127.0.0.1:9');
	const script = [
		'function Warn { [CmdletBinding()] param() $PSCmdlet.WriteWarning("careful") }',
		'Warn',
		'$a = $Args[0]',
		'[pscustomobject]@{ text = $a.text; n = $a.n + 1; flag = -not $a.flag; list = $a.list; nested = $a.nested.k; telemetry = $env:POWERSHELL_TELEMETRY_OPTOUT; exchange = $env:TENANTDECK_SANDBOX_EXCHANGE_URL }',
	].join('\n');
	const text = 'plain “smart” ‘quotes’ $(Get-Date) `n ; | & 😀 \u0000 end';
	const result = await session.invoke(script, {text, n: 41, flag: false, list: ['a', 'b'], nested: {k: 'v'}}, call);
	t.deepEqual(result.data, [{text, n: 42, flag: true, list: ['a', 'b'], nested: 'v', telemetry: '1', exchange: 'http://127.0.0.1:9'}]);
	t.deepEqual(result.warnings, ['careful']);
});

testWithPowerShell("the engine host starts with its own runtime settings; a user's pwsh gets none of them", async (t, location) => {
	const runtimeOf = async (path: string) => {
		const env = {...process.env};
		for (const name of Object.keys(engineHostRuntime)) delete env[name];
		const session = await createPowerShellPort({configuredPath: path, env}).start();
		t.teardown(() => session.kill());
		// Read from inside the process, so what counts is what .NET saw at its start.
		const names = Object.keys(engineHostRuntime);
		const result = await session.invoke('$Args[0].names | ForEach-Object { "$_=" + [System.Environment]::GetEnvironmentVariable($_) }', {names}, call);
		return result.data;
	};
	const expected = Object.entries(engineHostRuntime).map(([name, value]) => `${name}=${value}`);
	if (location.kind === 'engine-host') t.deepEqual(await runtimeOf(location.path), expected);
	// pwsh, or anything else named as the PowerShell to use (here a wrapper that runs the same engine).
	const folder = await mkdtemp(join(tmpdir(), 'tenantdeck-users-pwsh-'));
	t.teardown(() => rm(folder, {recursive: true, force: true}));
	const wrapper = join(folder, 'pwsh');
	await writeFile(wrapper, `#!/bin/sh\nexec ${shellQuoted(location.path)} "$@"\n`, {mode: 0o755});
	t.deepEqual(await runtimeOf(wrapper), Object.keys(engineHostRuntime).map(name => `${name}=`));
});

testWithPowerShell('rows of every shape come back the same on every call of a process', async (t, location) => {
	const session = await started(t, location.path);
	// Flat rows (strings, booleans, whole numbers, nulls, values still wrapped from a pipeline) take
	// the one-dictionary path; anything else (a fraction, a date, a list, a nested object) the general one.
	const script = [
		'$a = $Args[0]',
		"$wrapped = 'piped' | ForEach-Object { $_ }",
		'[pscustomobject]@{ text = $a.text; yes = $true; no = $false; int = [int]7; long = [long]9007199254740991; none = $null; wrapped = $wrapped }',
		"[pscustomobject]@{ text = $a.text; half = 0.5; when = [datetime]::new(2026, 1, 2, 3, 4, 5, [System.DateTimeKind]::Utc); list = @('a', 1); nested = [pscustomobject]@{ k = 'v' } }",
	].join('\n');
	const text = 'quote " backslash \\ “smart” 😀 <tag> \u0001 end';
	const expected = [
		{text, yes: true, no: false, int: 7, long: 9007199254740991, none: null, wrapped: 'piped'},
		{text, half: 0.5, when: '2026-01-02T03:04:05.0000000Z', list: ['a', 1], nested: {k: 'v'}},
	];
	for (let call = 1; call <= 3; call++) t.deepEqual((await session.invoke(script, {text}, {timeoutMs: 20_000})).data, expected, `call ${call}`);
});

testWithPowerShell('a script that throws fails with its message, and secrets never appear', async (t, location) => {
	const session = await started(t, location.path);
	const error = (await t.throwsAsync(session.invoke('throw "bad token sbx.at.SECRET for you"', {}, {...call, secrets: ['sbx.at.SECRET']}))) as TenantdeckError;
	t.is(error.kind, 'powershell');
	t.is(error.message, 'bad token [redacted] for you');
	// The process is still usable after a script error.
	t.deepEqual((await session.invoke('2', {}, call)).data, [2]);
});

testWithPowerShell('a call past its timeout fails with "timed out after Ns" and its process is gone', async (t, location) => {
	const session = await started(t, location.path);
	await session.invoke('1', {}, call);
	const error = (await t.throwsAsync(session.invoke('[System.Threading.Thread]::Sleep(60000)', {}, {timeoutMs: 500}))) as TenantdeckError;
	t.is(error.kind, 'timeout');
	t.regex(error.message, /timed out after 0\.5s/);
	t.false(session.alive);
	t.false(isAlive(session.pid!));
});

testWithPowerShell('a process killed mid-call fails that call with a clear message', async (t, location) => {
	// The script calls us back once it is running, so the kill lands mid-command without guessing.
	const server = createServer((_request, response) => {
		response.end('ok');
		process.kill(session.pid!, 'SIGKILL');
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	t.teardown(() => server.close());
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	const session = await started(t, location.path);
	const script = '$null = [System.Net.Http.HttpClient]::new().GetStringAsync($Args[0].url).GetAwaiter().GetResult(); [System.Threading.Thread]::Sleep(60000)';
	const error = (await t.throwsAsync(session.invoke(script, {url}, call))) as TenantdeckError;
	t.is(error.kind, 'powershell');
	t.regex(error.message, /ended by SIGKILL during the call/);
	t.false(session.alive);
});

testWithPowerShell('an exit with code 0 mid-call is a failure, never an empty success', async (t, location) => {
	const session = await started(t, location.path);
	const error = (await t.throwsAsync(session.invoke('[Environment]::Exit(0)', {}, call))) as TenantdeckError;
	t.is(error.kind, 'powershell');
	t.regex(error.message, /exited with code 0 during the call/);
});
