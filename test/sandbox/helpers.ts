// Plain-fetch helpers for sandbox tests: sign in by device code, get customer tokens by refresh,
// and call Graph — the same HTTP a real client sends, without MSAL in between.
import type {Sandbox} from '../../source/sandbox/server.js';

export const CLIENT_ID = 'b1e9c3a0-0000-4000-8000-00000000c11e';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default openid profile offline_access';
export const EXCHANGE_SCOPE = 'https://outlook.office365.com/.default openid profile offline_access';

export type TokenBody = {access_token: string; refresh_token: string; id_token: string; client_info: string; scope: string; expires_in: number};
export type Reply<T = any> = {status: number; headers: Headers; body: T};

export async function post(url: string, fields: Record<string, string>): Promise<Reply> {
	const response = await fetch(url, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}, body: new URLSearchParams(fields).toString()});
	return {status: response.status, headers: response.headers, body: await response.json()};
}

/** Device-code sign-in, polling until the sandbox approves; returns every poll's reply too. */
export async function signIn(sandbox: Sandbox, tenant = 'organizations'): Promise<{token: TokenBody; polls: Reply[]}> {
	const code = await post(`${sandbox.url}/${tenant}/oauth2/v2.0/devicecode`, {client_id: CLIENT_ID, scope: GRAPH_SCOPE});
	const polls: Reply[] = [];
	for (let attempt = 0; attempt < 20; attempt++) {
		const reply = await post(`${sandbox.url}/${tenant}/oauth2/v2.0/token`, {client_id: CLIENT_ID, grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: code.body.device_code});
		polls.push(reply);
		if (reply.status === 200) return {token: reply.body as TokenBody, polls};
		if (reply.body.error !== 'authorization_pending') throw new Error(`sign-in failed: ${reply.body.error_description}`);
	}
	throw new Error('sign-in never completed');
}

export async function refresh(sandbox: Sandbox, refreshToken: string, tenant: string, scope = GRAPH_SCOPE): Promise<Reply> {
	return post(`${sandbox.url}/${tenant}/oauth2/v2.0/token`, {client_id: CLIENT_ID, grant_type: 'refresh_token', refresh_token: refreshToken, scope});
}

export async function customerToken(sandbox: Sandbox, refreshToken: string, tenant: string, scope = GRAPH_SCOPE): Promise<string> {
	const reply = await refresh(sandbox, refreshToken, tenant, scope);
	if (reply.status !== 200) throw new Error(`refresh failed: ${reply.body.error_description}`);
	return (reply.body as TokenBody).access_token;
}

export async function graph(sandbox: Sandbox, token: string | undefined, path: string, init: {method?: string; body?: unknown; headers?: Record<string, string>} = {}): Promise<Reply> {
	const url = path.startsWith('http') ? path : `${sandbox.url}/v1.0/${path}`;
	const headers: Record<string, string> = {...init.headers};
	if (token) headers.authorization = `Bearer ${token}`;
	if (init.body !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(url, {method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body)});
	const text = await response.text();
	return {status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined};
}

/** Every item of a Graph collection, following @odata.nextLink as given. */
export async function listAll(sandbox: Sandbox, token: string, path: string): Promise<{items: any[]; pages: number}> {
	const items: any[] = [];
	let pages = 0;
	for (let next: string | undefined = path; next; pages++) {
		const reply = await graph(sandbox, token, next);
		if (reply.status !== 200) throw new Error(`${next}: ${reply.status} ${JSON.stringify(reply.body)}`);
		items.push(...reply.body.value);
		next = reply.body['@odata.nextLink'];
	}
	return {items, pages};
}

export function claims(jwt: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

export async function control<T = any>(sandbox: Sandbox, path: string, body?: unknown): Promise<Reply<T>> {
	const response = await fetch(`${sandbox.url}/_sandbox/${path}`, body === undefined ? {} : {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body)});
	return {status: response.status, headers: response.headers, body: (await response.json()) as T};
}
