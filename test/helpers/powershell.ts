// Shared pieces for tests that drive real PowerShell: finding it the way the product does (skipping
// with a reason when there is none, failing instead when TENANTDECK_REQUIRE_PWSH=1), a sandbox with
// Exchange, real customer tokens from its identity endpoints, and a look at which pids are alive.

import test, {type ImplementationFn} from 'ava';
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {engineHostName, findPowerShell, type PowerShellLocation} from '../../source/adapters/powershell/find-powershell.js';
import {isAlive} from '../../source/adapters/powershell/kill-tree.js';
import {createPowerShellPort} from '../../source/adapters/powershell/powershell-port.js';
import type {PowerShellPort, PowerShellSession} from '../../source/core/supervisor-ports.js';
import type {AuthPort} from '../../source/core/ports.js';
import type {Tenant} from '../../source/core/tenant.js';
import type {SandboxKnobs} from '../../source/sandbox/contract.js';
import type {ExchangeLogEntry, LedgerWithExpiry} from '../../source/sandbox/exchange-connections.js';
import {exchangeRoute} from '../../source/sandbox/exchange.js';
import {startSandbox, type Sandbox} from '../../source/sandbox/server.js';

const required = process.env['TENANTDECK_REQUIRE_PWSH'] === '1';

let located: Promise<PowerShellLocation | string> | undefined;

/** PowerShell as the product finds it in sandbox mode, or the reason there is none. */
export function locatePowerShell(): Promise<PowerShellLocation | string> {
	located ??= findPowerShell({sandbox: true}).catch(
		() => 'no PowerShell: no pwsh on PATH and no engine host (run npm run build:pwsh-host with a .NET 10 SDK)',
	);
	return located;
}

// Resolved before tests are declared, so a missing PowerShell shows up as a real skip in the report.
const foundAtLoad = await locatePowerShell();

/**
 * Declares a test that needs PowerShell: a skip with the reason when there is none (a failure when
 * required). Serial within its file: process starts are CPU-bound, and CI has two cores.
 */
export function testWithPowerShell(title: string, implementation: ImplementationFn<[PowerShellLocation]>): void {
	if (typeof foundAtLoad !== 'string') {
		test.serial(title, t => implementation(t, foundAtLoad));
	} else if (required) {
		test(title, t => t.fail(`TENANTDECK_REQUIRE_PWSH=1 but ${foundAtLoad}`));
	} else {
		test.skip(`${title} (skipped: ${foundAtLoad})`, () => undefined);
	}
}

/** The sandbox with its Exchange surface; stops after the test file. */
export async function startExchangeSandbox(knobs: Partial<SandboxKnobs> = {}): Promise<Sandbox> {
	return startSandbox({deviceCodeIntervalSec: 0, ...knobs, routes: [context => exchangeRoute(context)]});
}

async function form(url: string, fields: Record<string, string>): Promise<Record<string, unknown>> {
	const response = await fetch(url, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}, body: new URLSearchParams(fields)});
	return (await response.json()) as Record<string, unknown>;
}

/**
 * An AuthPort over the sandbox's real identity endpoints: one device-code sign-in, then a refresh at
 * each customer's authority for an Exchange token, as MSAL does for GDAP.
 */
export function sandboxAuth(sandbox: Sandbox): Pick<AuthPort, 'token'> {
	const clientId = '5a4d7e1c-0b6f-4c39-9d2e-7e1a5c0d7a11';
	let refresh: Promise<string> | undefined;
	const signIn = async () => {
		const code = await form(`${sandbox.url}/organizations/oauth2/v2.0/devicecode`, {client_id: clientId, scope: 'https://graph.microsoft.com/.default offline_access'});
		for (;;) {
			const answer = await form(`${sandbox.url}/organizations/oauth2/v2.0/token`, {client_id: clientId, grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: String(code['device_code'])});
			if (typeof answer['refresh_token'] === 'string') return answer['refresh_token'];
			if (answer['error'] !== 'authorization_pending') throw new Error(`sandbox sign-in failed: ${String(answer['error_description'])}`);
		}
	};
	return {
		async token(resource, tenantId) {
			refresh ??= signIn();
			const scope = resource === 'exchange' ? 'https://outlook.office365.com/.default offline_access' : 'https://graph.microsoft.com/.default offline_access';
			const answer = await form(`${sandbox.url}/${tenantId ?? 'organizations'}/oauth2/v2.0/token`, {client_id: clientId, grant_type: 'refresh_token', refresh_token: await refresh, scope});
			if (typeof answer['access_token'] !== 'string') throw new Error(`sandbox token failed: ${String(answer['error_description'])}`);
			return answer['access_token'];
		},
	};
}

export function sandboxTenants(sandbox: Sandbox): Tenant[] {
	return sandbox.context.world.customers.map(customer => ({tenantId: customer.tenantId, tenantDomain: customer.defaultDomain, tenantName: customer.name, source: 'gdap'}));
}

export async function exchangeLog(sandbox: Sandbox, since = 0): Promise<ExchangeLogEntry[]> {
	return (await (await fetch(`${sandbox.url}/_sandbox/exchange/log?since=${since}`)).json()) as ExchangeLogEntry[];
}

export async function exchangeLedger(sandbox: Sandbox): Promise<LedgerWithExpiry> {
	return ((await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as {exchange: LedgerWithExpiry}).exchange;
}

export type RecordingPort = PowerShellPort & {
	readonly started: PowerShellSession[];
	alivePids(): number[];
	/** The process that connected to this tenant most recently. */
	sessionOf(tenantId: string): PowerShellSession | undefined;
};

/** The product's port for this sandbox, recording every process it starts (and for which tenants). */
export function recordingPort(sandbox: Sandbox, location: PowerShellLocation): RecordingPort {
	const port = createPowerShellPort({sandboxUrl: sandbox.url, configuredPath: location.path});
	const started: PowerShellSession[] = [];
	const byTenant = new Map<string, PowerShellSession>();
	return {
		started,
		alivePids: () => started.flatMap(session => (session.pid !== undefined && isAlive(session.pid) ? [session.pid] : [])),
		sessionOf: tenantId => byTenant.get(tenantId),
		async start() {
			const session = await port.start();
			started.push(session);
			const invoke = session.invoke.bind(session);
			session.invoke = (script, args, options) => {
				// A tenant's turn carries its connect's arguments under `connect`.
				const connect = (args['connect'] ?? args) as Record<string, unknown>;
				if (typeof connect['organization'] === 'string') byTenant.set(connect['organization'], session);
				return invoke(script, args, options);
			};
			return session;
		},
	};
}

/** A path or any text as one word for /bin/sh. */
export const shellQuoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * PowerShell that writes down each process started (one line, its pid) and then becomes the real one
 * (exec: same pid, so ending its tree works as before). Pass `path` as TENANTDECK_PWSH. A wrapper of
 * the engine host bears the engine host's name, so the port starts it with the engine host's runtime
 * settings, as it would the host itself (powershell-port.ts).
 */
export async function countingPowerShell(location: PowerShellLocation): Promise<{path: string; starts(): Promise<number>}> {
	const folder = await mkdtemp(join(tmpdir(), 'tenantdeck-pwsh-count-'));
	const log = join(folder, 'starts.txt');
	const path = join(folder, location.kind === 'engine-host' ? engineHostName : 'pwsh');
	await writeFile(path, `#!/bin/sh\necho $$ >> ${shellQuoted(log)}\nexec ${shellQuoted(location.path)} "$@"\n`, {mode: 0o755});
	return {path, starts: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).length};
}
