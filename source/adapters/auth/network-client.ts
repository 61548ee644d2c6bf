// MSAL's network client, ours so that two things hold in every cloud: in sandbox mode requests
// to Microsoft's hosts go to the local cloud (the authority stays Microsoft's), and the last
// AAD error body is kept — MSAL reports a refused device-code sign-in only as
// "post_request_failed", dropping the AADSTS code a user needs to see.

import type {INetworkModule, NetworkRequestOptions, NetworkResponse} from '@azure/msal-node';
import {microsoftHosts} from '../cloud.js';
import {sharedHttpClient, type HttpReply, type HttpSend} from '../http-client.js';

export type RecordingNetworkClient = INetworkModule & {
	/** error_description of the last refused request, e.g. "AADSTS65001: ..." (never a token). */
	lastError(): string | undefined;
	/** Forget it, so a new sign-in never reports an older attempt's error. */
	clearError(): void;
	/** The last request that never got an answer (DNS, refused, TLS): MSAL reports only "network_error". */
	lastFailure(): {error: unknown; host: string} | undefined;
};

/** `send` is the keep-alive client, trusting the sandbox's own CA when it serves https (see http-client.ts). */
export function networkClient(sandboxUrl?: string, send: HttpSend = sharedHttpClient()): RecordingNetworkClient {
	let lastError: string | undefined;
	let lastFailure: {error: unknown; host: string} | undefined;

	const target = (url: string) => {
		if (!sandboxUrl) return url;
		for (const host of microsoftHosts) {
			if (url.startsWith(host)) return sandboxUrl + url.slice(host.length);
		}
		throw new Error(`Sandbox mode refuses to contact ${new URL(url).host}.`);
	};

	async function request<T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
		let response: HttpReply;
		try {
			response = await send(target(url), {method, headers: options?.headers, body: method === 'POST' ? options?.body : undefined});
		} catch (error) {
			lastFailure = {error, host: new URL(url).host};
			throw error;
		}
		const text = await response.text();
		const body = (text ? JSON.parse(text) : {}) as T & {error?: string; error_description?: string};
		if (response.status >= 400 && body.error && body.error !== 'authorization_pending') lastError = body.error_description ?? body.error;
		return {status: response.status, headers: Object.fromEntries(response.headers.entries()), body};
	}

	return {
		sendGetRequestAsync: (url, options) => request('GET', url, options),
		sendPostRequestAsync: (url, options) => request('POST', url, options),
		lastError: () => lastError,
		lastFailure: () => lastFailure,
		clearError() {
			lastError = undefined;
			lastFailure = undefined;
		},
	};
}
