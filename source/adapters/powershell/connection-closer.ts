// Closing a connection whose PowerShell process is gone. In Exchange's REST mode (module 3.x) the
// connection lives in the client process: Disconnect-ExchangeOnline only clears local state, so a
// dead process took its connection with it and the journal writes it off. The sandbox models the
// old server-side session (the 3-session cap), so there the session is closed on the service with a
// fresh token for its tenant, as the stand-in module's Disconnect-ExchangeOnline would.

import type {ConnectionCloser} from '../../core/supervisor-ports.js';

export function writeOffCloser(): ConnectionCloser {
	return {close: async () => 'written off', closeOpenedBy: async () => 'written off'};
}

/** send: the fetch the other adapters use, so an https sandbox's CA is trusted here too. */
export function sandboxCloser(sandboxUrl: string, send: typeof fetch = fetch): ConnectionCloser {
	const base = sandboxUrl.replace(/\/+$/, '');
	return {
		async close(entry, token, timeoutMs) {
			const url = `${base}/adminapi/beta/${encodeURIComponent(entry.tenantId)}/Connection/${encodeURIComponent(entry.connectionId)}`;
			const response = await send(url, {method: 'DELETE', headers: {authorization: `Bearer ${token}`}, signal: AbortSignal.timeout(timeoutMs)});
			await response.arrayBuffer().catch(() => undefined);
			if (response.status === 404) return 'gone';
			if (!response.ok) throw new Error(`The service answered ${response.status} when closing connection ${entry.connectionId}.`);
			return 'closed';
		},
		// A connect cut off mid-way (tenantdeck killed) leaves a session whose id no client ever
		// learned. The real service has no such sessions to find (see above), so this is a sandbox-only
		// route: it closes this account's sessions for the tenant that the given client process opened.
		async closeOpenedBy(entry, token, timeoutMs) {
			const url = `${base}/_sandbox/exchange/${encodeURIComponent(entry.tenantId)}/connections?clientPid=${entry.clientPid}`;
			const response = await send(url, {method: 'DELETE', headers: {authorization: `Bearer ${token}`}, signal: AbortSignal.timeout(timeoutMs)});
			const body = (await response.json().catch(() => ({}))) as {closed?: unknown};
			if (!response.ok || typeof body.closed !== 'number') throw new Error(`The sandbox answered ${response.status} when closing the connections of process ${entry.clientPid}.`);
			return body.closed;
		},
	};
}
