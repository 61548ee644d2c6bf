// MSAL's network client for sandbox mode: the authority stays https://login.microsoftonline.com,
// and every request MSAL makes to Microsoft's hosts is sent to the local cloud instead.

import type {INetworkModule, NetworkRequestOptions, NetworkResponse} from '@azure/msal-node';
import {microsoftHosts} from '../cloud.js';

export function sandboxNetworkClient(sandboxUrl: string): INetworkModule {
	const redirect = (url: string) => {
		for (const host of Object.values(microsoftHosts)) {
			if (url.startsWith(host)) return sandboxUrl + url.slice(host.length);
		}
		throw new Error(`Sandbox mode refuses to contact ${new URL(url).host}.`);
	};

	async function send<T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
		const response = await fetch(redirect(url), {method, headers: options?.headers, body: method === 'POST' ? options?.body : undefined});
		const text = await response.text();
		return {
			status: response.status,
			headers: Object.fromEntries(response.headers.entries()),
			body: (text ? JSON.parse(text) : {}) as T,
		};
	}

	return {
		sendGetRequestAsync: (url, options) => send('GET', url, options),
		sendPostRequestAsync: (url, options) => send('POST', url, options),
	};
}
