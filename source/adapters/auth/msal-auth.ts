// AuthPort over @azure/msal-node: device-code sign-in to the partner tenant, then silent tokens
// for each customer tenant from the refresh token (GDAP), cached per tenant account.

import {PublicClientApplication, type AccountInfo, type Configuration, type DeviceCodeRequest} from '@azure/msal-node';
import type {Account, AuthPort, DeviceCode, Resource} from '../../core/ports.js';
import {TenantdeckError} from '../../core/errors.js';
import {scopes, type Cloud} from '../cloud.js';
import {authError} from './aadsts.js';
import {networkClient} from './network-client.js';
import type {FileTokenCache} from './token-cache.js';

export type MsalAuthOptions = {
	cloud: Cloud;
	clientId: string;
	/** Omit to keep tokens in memory only (the in-process sandbox). */
	cache?: FileTokenCache;
};

export type MsalAuth = AuthPort & {flush(): Promise<void>};

export function createMsalAuth(options: MsalAuthOptions): MsalAuth {
	const {cloud, clientId, cache} = options;
	const network = networkClient(cloud.sandboxUrl);
	const configuration: Configuration = {
		auth: {clientId, authority: `${cloud.loginUrl}/organizations`},
		system: {networkClient: network},
	};
	const msal = new PublicClientApplication(configuration);
	// One account object per tenant: passing the home account for a customer makes every lookup miss.
	const tenantAccounts = new Map<string, AccountInfo>();
	const tokenCache = msal.getTokenCache();
	const ready = () => cache?.load(tokenCache);
	const persist = () => cache?.changed(tokenCache);

	async function homeAccount(): Promise<AccountInfo | undefined> {
		await ready();
		const accounts = await msal.getAllAccounts();
		return accounts.find(account => account.tenantId === account.homeAccountId.split('.')[1]) ?? accounts[0];
	}

	async function accountFor(tenantId: string, home: AccountInfo): Promise<AccountInfo> {
		const remembered = tenantAccounts.get(tenantId);
		if (remembered) return remembered;
		const accounts = await msal.getAllAccounts();
		// MSAL looks tokens up by the account's tenantId before the authority's, so a customer
		// never seen before needs the home account re-labelled with that tenant.
		return accounts.find(account => account.tenantId === tenantId && account.homeAccountId === home.homeAccountId)
			?? {...home, tenantId, localAccountId: home.localAccountId, idTokenClaims: undefined, idToken: undefined};
	}

	return {
		async signIn({onCode, signal}) {
			const request: DeviceCodeRequest = {
				scopes: [...scopes.graph],
				deviceCodeCallback(response) {
					const code: DeviceCode = {
						userCode: response.userCode,
						verificationUri: response.verificationUri,
						expiresAt: Date.now() + response.expiresIn * 1000,
						message: response.message,
					};
					onCode(code);
				},
			};
			const cancel = () => {
				request.cancel = true;
			};
			signal?.addEventListener('abort', cancel, {once: true});
			try {
				if (signal?.aborted) throw new TenantdeckError('cancelled', 'Sign-in cancelled.');
				await ready();
				const result = await msal.acquireTokenByDeviceCode(request);
				persist();
				if (!result?.account) throw new TenantdeckError('auth', 'Sign-in returned no account.');
				tenantAccounts.clear();
				tenantAccounts.set(result.account.tenantId, result.account);
				await cache?.flush();
				return toAccount(result.account);
			} catch (error) {
				if (signal?.aborted) throw new TenantdeckError('cancelled', 'Sign-in cancelled.', {cause: error});
				throw authError(withServerDetail(error, network.lastError()));
			} finally {
				signal?.removeEventListener('abort', cancel);
			}
		},

		async account() {
			const home = await homeAccount();
			return home ? toAccount(home) : undefined;
		},

		async token(resource: Resource, tenantId?: string) {
			const home = await homeAccount();
			if (!home) throw new TenantdeckError('auth', 'You are not signed in.', {hint: 'Sign in first (tenantdeck login).', tenantId});
			const target = tenantId ?? home.tenantId;
			try {
				const account = await accountFor(target, home);
				const result = await msal.acquireTokenSilent({account, scopes: [...scopes[resource]], authority: `${cloud.loginUrl}/${target}`});
				persist();
				if (result.account) tenantAccounts.set(target, result.account);
				return result.accessToken;
			} catch (error) {
				throw authError(error, tenantId);
			}
		},

		async signOut() {
			await ready();
			for (const account of await msal.getAllAccounts()) await tokenCache.removeAccount(account);
			tenantAccounts.clear();
			await cache?.clear();
		},

		async flush() {
			await cache?.flush();
		},
	};
}

/** MSAL's error, with the server's AADSTS sentence added when MSAL dropped it. */
function withServerDetail(error: unknown, serverError: string | undefined): unknown {
	const text = (error as {errorMessage?: string})?.errorMessage ?? '';
	if (!serverError || /AADSTS\d+/.test(text)) return error;
	return Object.assign(Object.create(Object.getPrototypeOf(error ?? {}) as object), error, {errorMessage: `${serverError} (${text})`});
}

function toAccount(account: AccountInfo): Account {
	return {username: account.username, name: account.name, homeTenantId: account.homeAccountId.split('.')[1] ?? account.tenantId};
}
