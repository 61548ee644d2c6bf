// Microsoft's own .NET libraries (MSAL.NET 4.92, Microsoft.Graph 6.10, from NuGet) against
// `tenantdeck sandbox --tls`, trusting it only through the SSL_CERT_FILE line the command prints:
// device-code sign-in approved through the sandbox's approval route, a customer token, paged users
// with $select, an SDK-model PATCH and read-back, and 404/429 as typed ODataErrors.
// Built by `npm run build:dotnet-client`; skips with the reason without it, fails under TENANTDECK_REQUIRE_DOTNET=1.
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import test from 'ava';
import {runSandboxCommand} from '../../source/sandbox/cli.js';
import {sandboxArgs} from './tls-helpers.js';
import {CLIENT_ID} from './helpers.js';
import {httpsJson} from './tls-helpers.js';

const required = process.env['TENANTDECK_REQUIRE_DOTNET'] === '1';
const client = join(import.meta.dirname, '..', 'dotnet-client', 'bin', 'Release', 'net10.0', process.platform === 'win32' ? 'tenantdeck-dotnet-client.exe' : 'tenantdeck-dotnet-client');
const missing = existsSync(client) ? undefined : 'the .NET client is not built (npm run build:dotnet-client needs a .NET 10 SDK)';

type Step = Record<string, any> & {step: string};

if (missing && !required) {
	test.skip(`MSAL.NET and the Graph SDK run against the sandbox over https (skipped: ${missing})`, () => undefined);
} else {
	test('MSAL.NET and the Graph SDK run against the sandbox over https', async t => {
		if (missing) return t.fail(`TENANTDECK_REQUIRE_DOTNET=1 but ${missing}`);
		const state = await mkdtemp(join(tmpdir(), 'tenantdeck-dotnet-'));
		t.teardown(() => rm(state, {recursive: true, force: true}));
		const lines: string[] = [];
		const stop = new AbortController();
		let ready!: (url: string) => void;
		const listening = new Promise<string>(resolve => (ready = resolve));
		// Approval only through the route: the code stays pending however often the client polls.
		const running = runSandboxCommand(await sandboxArgs(['--tls', '--port', '0', '--tenants', '4', '--pending-polls', '100000', '--device-code-interval-sec', '1']), {write: line => lines.push(line), env: {XDG_STATE_HOME: state}, signal: stop.signal, onReady: ready});
		t.teardown(async () => {
			stop.abort();
			await running;
		});
		const url = await listening;
		const sslCertFile = /export SSL_CERT_FILE=(\S+)/.exec(lines.join('\n'))?.[1];
		t.truthy(sslCertFile, lines.join('\n'));
		const ca = await readFile(sslCertFile!, 'utf8');
		const world = (await httpsJson(`${url}/_sandbox/world`, ca)).body;
		const customer = world.customers.find((entry: {gdap: boolean}) => entry.gdap);

		const steps: Step[] = [];
		const child = spawn(client, [url, CLIENT_ID, customer.tenantId], {env: {...process.env, SSL_CERT_FILE: sslCertFile, DOTNET_CLI_TELEMETRY_OPTOUT: '1'}, stdio: ['ignore', 'pipe', 'pipe']});
		// A client stuck on a step must not outlive the test.
		t.teardown(() => child.kill());
		let stderr = '';
		child.stderr.on('data', chunk => (stderr += String(chunk)));
		const exited = new Promise<number | null>(resolve => child.once('close', code => resolve(code)));
		for await (const line of createInterface({input: child.stdout})) {
			const step = JSON.parse(line) as Step;
			steps.push(step);
			if (step.step === 'device_code') {
				const approval = await httpsJson(`${url}/_sandbox/devicelogin`, ca, {method: 'POST', body: {user_code: step.userCode}});
				t.is(approval.status, 200);
			}
		}
		t.is(await exited, 0, stderr);
		const byName = Object.fromEntries(steps.map(step => [step.step, step]));

		t.is(byName.discovery.issuer, `${url}/{tenantid}/v2.0`);
		t.is(byName.discovery.tokenEndpoint, `${url}/organizations/oauth2/v2.0/token`);
		t.is(byName.device_code.interval, 1);
		t.is(byName.signed_in.tenantId, world.partner.tenantId);
		t.is(byName.signed_in.homeTenantId, world.partner.tenantId);
		t.is(byName.customer_token.tenantId, customer.tenantId);
		t.is(byName.customer_token.source, 'IdentityProvider');
		// MSAL.NET validated the authority with the sandbox's instance discovery, then used the device-code
		// and token endpoints, the last at the customer's own authority.
		const msal = byName.msal_requests.requests as string[];
		t.true(msal.includes('GET /common/discovery/instance'), msal.join('\n'));
		t.true(msal.includes('POST /organizations/oauth2/v2.0/devicecode'), msal.join('\n'));
		t.true(msal.includes('POST /organizations/oauth2/v2.0/token'), msal.join('\n'));
		t.true(msal.includes(`POST /${customer.tenantId}/oauth2/v2.0/token`), msal.join('\n'));

		const users = (await httpsJson(`${url}/_sandbox/users/${customer.tenantId}`, ca)).body.value;
		t.is(byName.users.count, users.length);
		t.is(byName.users.pages, Math.ceil(users.length / 5));
		t.true(byName.users.mailAbsent, 'mail was not selected, so it must not come back');
		t.deepEqual(byName.users.extraKeys, []);

		t.regex(byName.patch.sent, /"@odata\.type":"#microsoft\.graph\.user"/);
		t.is(byName.patch.readBack, byName.patch.wanted);
		const stored = (await httpsJson(`${url}/_sandbox/users/${customer.tenantId}`, ca)).body.value.find((user: {id: string}) => user.id === byName.users.firstId);
		t.is(stored.jobTitle, byName.patch.wanted);

		t.like(byName.not_found, {status: 404, code: 'Request_ResourceNotFound'});
		t.regex(byName.not_found.requestId, /^[0-9a-f-]{36}$/);
		// The client asked for 0.4 s; the header carries whole seconds.
		t.like(byName.throttled, {status: 429, code: 'TooManyRequests', retryAfter: '1'});
	});
}
