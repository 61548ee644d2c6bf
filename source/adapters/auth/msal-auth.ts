// AuthPort over @azure/msal-node: device-code sign-in to the partner tenant and its silent tokens;
// each customer tenant's token from the sign-in's refresh token by one refresh grant (GDAP, see
// refresh-grant.ts), reused until shortly before it expires.

import {LogLevel, PublicClientApplication, type AccountInfo, type AuthenticationResult, type Configuration, type DeviceCodeRequest} from '@azure/msal-node';
import type {Account, AuthPort, DeviceCode, Resource} from '../../core/ports.js';
import {TenantdeckError} from '../../core/errors.js';
import {scopesFor, type Cloud} from '../cloud.js';
import {authError} from './aadsts.js';
import {networkClient} from './network-client.js';
import {redeemRefreshToken, type CustomerToken} from './refresh-grant.js';
import type {HttpSend} from '../http-client.js';
import type {FileTokenCache} from './token-cache.js';

export type MsalAuthOptions = {
	cloud: Cloud;
	clientId: string;
	/** Omit to keep tokens in memory only (the in-process sandbox). */
	cache?: FileTokenCache;
	/** How MSAL's requests go out (global fetch fits too); a sandbox served over --tls passes one trusting its CA. */
	fetch?: HttpSend;
};

export type MsalAuth = AuthPort & {flush(): Promise<void>};

export function createMsalAuth(options: MsalAuthOptions): MsalAuth {
	const {cloud, clientId, cache} = options;
	const network = networkClient(cloud.sandboxUrl, options.fetch);
	const scopes = scopesFor(cloud);
	const configuration: Configuration = {
		auth: {clientId, authority: `${cloud.loginUrl}/organizations`},
		// MSAL's log lines could carry account names; nothing of it is wanted, and building them costs CPU.
		system: {networkClient: network, loggerOptions: {logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => {}}},
	};
	const msal = new PublicClientApplication(configuration);
	// A run asks for a tenant's token once ahead of its turn and again per request. Kept here (a
	// customer's is nowhere else; MSAL would find the home one too, but only after scanning its
	// cache) and reused until 5 minutes before expiry.
	const issued = new Map<string, {token: string; expiresAt: number; scopes: readonly string[]}>();
	const reuseMarginMs = 5 * 60_000;

	/** The sign-in's refresh token, read from the serialised cache once, again only after the main cache was used. */
	let signInRefreshToken: string | undefined;
	function refreshTokenOf(account: AccountInfo): string | undefined {
		persist();
		signInRefreshToken ??= refreshTokenIn(tokenCache.serialize(), account.homeAccountId, clientId);
		return signInRefreshToken;
	}
	// One account object per tenant: passing the home account for a customer makes every lookup miss.
	const tenantAccounts = new Map<string, AccountInfo>();
	const tokenCache = msal.getTokenCache();
	const ready = () => cache?.load(tokenCache);
	const persist = () => cache?.changed(tokenCache);

	// Looked up once: listing accounts decodes an id token per tenant profile, so doing it per call
	// makes a 1,000-tenant run quadratic.
	let home: Promise<AccountInfo | undefined> | undefined;
	function homeAccount(): Promise<AccountInfo | undefined> {
		home ??= (async () => {
			await ready();
			const accounts = await msal.getAllAccounts();
			return accounts.find(account => account.tenantId === account.homeAccountId.split('.')[1]) ?? accounts[0];
		})();
		return home;
	}

	function accountFor(tenantId: string, homeAccount: AccountInfo): AccountInfo {
		// MSAL looks tokens up by the account's tenantId before the authority's, so a customer is
		// asked for with the home account re-labelled with that tenant (homeAccountId stays, so
		// cached tokens for that tenant are found).
		return tenantAccounts.get(tenantId) ?? {...homeAccount, tenantId, idTokenClaims: undefined, idToken: undefined};
	}

	let lost: TenantdeckError | undefined;

	async function acquire(resource: Resource, tenantId: string | undefined, forceRefresh: boolean, minValidityMs = 0): Promise<{token: string; scopes: readonly string[]}> {
		// MSAL drops a revoked refresh token, so later calls would only say "not signed in": repeat the real cause.
		if (lost) throw new TenantdeckError(lost.kind, lost.message, {hint: lost.hint, code: lost.code, tenantId, signInLost: true, cause: lost});
		const signedIn = await homeAccount();
		if (!signedIn) throw new TenantdeckError('auth', 'You are not signed in.', {hint: 'Sign in first (tenantdeck login).', tenantId, signInLost: true});
		const target = tenantId ?? signedIn.tenantId;
		const key = `${resource} ${target}`;
		const known = issued.get(key);
		const margin = Math.max(reuseMarginMs, minValidityMs);
		if (!forceRefresh && known && known.expiresAt - Date.now() > margin) return known;
		try {
			const account = accountFor(target, signedIn);
			const request = {account, scopes: [...scopes[resource]], authority: `${cloud.loginUrl}/${target}`};
			let answer: CustomerToken;
			if (target === signedIn.tenantId) {
				signInRefreshToken = undefined;
				let result = await msal.acquireTokenSilent({...request, forceRefresh});
				// MSAL renews only inside its own 5-minute window: a long call needs a token minted now.
				if (!forceRefresh && (result.expiresOn?.getTime() ?? 0) - Date.now() < margin) result = await msal.acquireTokenSilent({...request, forceRefresh: true});
				persist();
				signInRefreshToken = undefined;
				// Kept without its id token (a few kB): lookups need only the ids.
				if (result.account) tenantAccounts.set(target, {...result.account, idToken: undefined, idTokenClaims: undefined});
				answer = fromMsal(result);
			} else {
				// Without a refresh token MSAL's own silent call gives the error a user must see (sign in again).
				const refreshToken = refreshTokenOf(signedIn);
				answer = refreshToken ? await redeemRefreshToken(network, {authority: request.authority, clientId, refreshToken, scopes: request.scopes}) : fromMsal(await msal.acquireTokenSilent({...request, forceRefresh: true}));
			}
			// Scopes come back as URIs of the resource (https://graph.microsoft.com/User.Read.All): keep the names.
			const granted = answer.scopes.map(scope => scope.slice(scope.lastIndexOf('/') + 1)).filter(scope => scope !== '.default');
			const entry = {token: answer.accessToken, expiresAt: answer.expiresAt, scopes: granted};
			issued.set(key, entry);
			return entry;
		} catch (error) {
			signInRefreshToken = undefined;
			const typed = authError(error, tenantId, undefined, (error as {errorCode?: string})?.errorCode === 'network_error' ? network.lastFailure() : undefined);
			if (typed.signInLost && typed.code) lost ??= typed;
			throw typed;
		}
	}

	return {
		async signIn({onCode, signal}) {
			// MSAL reads a refused device-code request as a code of undefineds and polls with it, so the
			// service's answer (e.g. AADSTS900439, the wrong cloud) became "AADSTS70000: device_code not valid".
			let refusal: string | undefined;
			const request: DeviceCodeRequest = {
				scopes: [...scopes.graph],
				deviceCodeCallback(response) {
					if (!response.userCode || !response.deviceCode) {
						refusal = network.lastError() ?? 'The sign-in service gave no device code.';
						request.cancel = true;
						return;
					}
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
				network.clearError();
				signInRefreshToken = undefined;
				const result = await msal.acquireTokenByDeviceCode(request);
				signInRefreshToken = undefined;
				persist();
				if (!result?.account) throw new TenantdeckError('auth', 'Sign-in returned no account.');
				tenantAccounts.clear();
				issued.clear();
				lost = undefined;
				tenantAccounts.set(result.account.tenantId, result.account);
				home = Promise.resolve(result.account);
				await cache?.flush();
				return toAccount(result.account);
			} catch (error) {
				if (signal?.aborted) throw new TenantdeckError('cancelled', 'Sign-in cancelled.', {cause: error});
				if (refusal) throw authError({errorMessage: refusal, cause: error});
				throw authError(error, undefined, network.lastError(), network.lastFailure());
			} finally {
				signal?.removeEventListener('abort', cancel);
			}
		},

		async account() {
			const signedIn = await homeAccount();
			return signedIn ? toAccount(signedIn) : undefined;
		},

		async token(resource: Resource, tenantId?: string, options: {forceRefresh?: boolean; minValidityMs?: number} = {}) {
			return (await acquire(resource, tenantId, options.forceRefresh === true, options.minValidityMs)).token;
		},

		async grantedScopes(resource: Resource, tenantId?: string, options: {forceRefresh?: boolean} = {}) {
			return (await acquire(resource, tenantId, options.forceRefresh === true)).scopes;
		},

		async signOut() {
			await ready();
			for (const account of await msal.getAllAccounts()) await tokenCache.removeAccount(account);
			signInRefreshToken = undefined;
			tenantAccounts.clear();
			issued.clear();
			home = undefined;
			await cache?.clear();
		},

		async flush() {
			await cache?.flush();
		},
	};
}

function toAccount(account: AccountInfo): Account {
	return {username: account.username, name: account.name, homeTenantId: account.homeAccountId.split('.')[1] ?? account.tenantId};
}

function fromMsal(result: AuthenticationResult): CustomerToken {
	return {accessToken: result.accessToken, expiresAt: result.expiresOn?.getTime() ?? 0, scopes: result.scopes};
}

/**
 * The signed-in account's refresh token in MSAL's serialised cache (its documented persistence
 * format, the one a cache plugin stores): the entry of that home account, for this app or its family.
 */
export function refreshTokenIn(serialized: string, homeAccountId: string, clientId: string): string | undefined {
	const entries = (JSON.parse(serialized) as {RefreshToken?: Record<string, {home_account_id?: string; client_id?: string; family_id?: string; secret?: string}>}).RefreshToken ?? {};
	const own = Object.values(entries).filter(entry => entry.home_account_id === homeAccountId && entry.secret);
	return (own.find(entry => entry.client_id === clientId) ?? own.find(entry => entry.family_id))?.secret;
}
