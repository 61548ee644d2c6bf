// Customer-token issue in the sandbox: a refresh grant next to a discovery document (same instant
// route, same HTTP), measured side by side. A run over 1,000 tenants asks for 1,000 customer tokens,
// so signing must stay a small part of a round trip (goal: token/discovery ≤ 2.0). The goal is for the
// grant tenantdeck sends (adapters/auth/refresh-grant.ts: the resource's scope only, so an access
// token and no id token); the grant MSAL's acquireTokenByRefreshToken would send (openid profile
// offline_access: a signed id token and a new refresh token too) is printed beside it.

import {startSandbox} from '../source/sandbox/server.js';
import {signJwt} from '../source/sandbox/signing-key.js';

async function form(url: string, fields: Record<string, string>): Promise<any> {
	const response = await fetch(url, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}, body: new URLSearchParams(fields)});
	return response.json();
}

export async function benchTokenIssue(options: {count?: number} = {}): Promise<{ratio: number; tokenMs: number}> {
	const count = options.count ?? 500;
	const sandbox = await startSandbox({tenants: 50, deviceCodeIntervalSec: 0, pendingPolls: 0});
	try {
		const clientId = '5a4d7e1c-0b6f-4c39-9d2e-7e1a5c0d7a11';
		const signInScope = 'https://graph.microsoft.com/.default openid profile offline_access';
		const code = await form(`${sandbox.url}/organizations/oauth2/v2.0/devicecode`, {client_id: clientId, scope: signInScope});
		const signIn = await form(`${sandbox.url}/organizations/oauth2/v2.0/token`, {client_id: clientId, grant_type: 'device_code', device_code: code.device_code});
		const tenants = sandbox.context.world.customers.map(customer => customer.tenantId);
		const timed = async (once: (index: number) => Promise<unknown>) => {
			const started = performance.now();
			for (let index = 0; index < count; index++) await once(index);
			return (performance.now() - started) / count;
		};
		// Interleaved rounds so machine load falls on both alike.
		let tokenMs = 0;
		let msalStyleMs = 0;
		let discoveryMs = 0;
		const grant = (index: number, scope: string) => form(`${sandbox.url}/${tenants[index % tenants.length]}/oauth2/v2.0/token`, {client_id: clientId, grant_type: 'refresh_token', refresh_token: signIn.refresh_token, scope});
		for (let round = 0; round < 3; round++) {
			discoveryMs += await timed(index => fetch(`${sandbox.url}/${tenants[index % tenants.length]}/v2.0/.well-known/openid-configuration`).then(response => response.json()));
			tokenMs += await timed(index => grant(index, 'https://graph.microsoft.com/.default'));
			msalStyleMs += await timed(index => grant(index, signInScope));
		}
		const ratio = tokenMs / discoveryMs;
		// The id token's RS256 signature alone (2048-bit, as Microsoft's keys are): the part no HTTP tuning removes.
		const signMs = await timed(index => signJwt({aud: clientId, iss: sandbox.url, tid: tenants[index % tenants.length], iat: index, uti: String(index), ver: '2.0'}));
		console.log(`token issue: ${(tokenMs / 3).toFixed(2)} ms per customer token as tenantdeck asks for it vs ${(discoveryMs / 3).toFixed(2)} ms per discovery document → ratio ${ratio.toFixed(2)} (goal ≤ 2.0); as MSAL's refresh-token call asks (id token and refresh token too) ${(msalStyleMs / 3).toFixed(2)} ms, ratio ${(msalStyleMs / discoveryMs).toFixed(2)}; an RS256 signature alone ${signMs.toFixed(2)} ms`);
		return {ratio, tokenMs: tokenMs / 3};
	} finally {
		await sandbox.stop();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTokenIssue();
