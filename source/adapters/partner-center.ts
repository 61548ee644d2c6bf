// PartnerCenterPort over the keep-alive HTTP client: the application consent calls, with a partner-tenant token for
// Partner Center, and its refusals turned into a cause a partner can act on.
// Shapes from learn.microsoft.com/partner-center/developer/control-panel-vendor-apis (POST
// .../applicationconsents to acquire, DELETE .../applicationconsents/{applicationId} to remove) and
// .../developer/error-codes: every 4xx/5xx body is {code, description, data, source}; the samples
// show code as a number ("code": 3000) although the table calls it a string, so both are read.

import type {ApplicationConsent, PartnerCenterPort} from '../core/ports.js';
import {TenantdeckError} from '../core/errors.js';
import {consentRoles, roleNames} from '../core/permissions.js';
import {networkFailure} from './network-errors.js';
import {sharedHttpClient, type HttpReply, type HttpSend} from './http-client.js';

export type PartnerCenterOptions = {
	baseUrl: string;
	/** A token for Partner Center in the partner's own tenant. */
	token: () => Promise<string>;
	timeoutMs?: number;
	/** How requests go out: the connection's keep-alive client (its proxy and CA); global fetch fits too. */
	send?: HttpSend;
};

type PartnerCenterErrorBody = {code?: number | string; description?: string};

export function createPartnerCenterClient(options: PartnerCenterOptions): PartnerCenterPort {
	const {baseUrl, token, timeoutMs = 60_000, send: request = sharedHttpClient()} = options;

	async function send(method: 'POST' | 'DELETE', path: string, customerTenantId: string, body: unknown, signal?: AbortSignal): Promise<{response: HttpReply; text: string}> {
		const bearer = await token();
		try {
			const response = await request(`${baseUrl}${path}`, {
				method,
				headers: {authorization: `Bearer ${bearer}`, accept: 'application/json', ...(body === undefined ? {} : {'content-type': 'application/json'})},
				body: body === undefined ? undefined : JSON.stringify(body),
				signal,
				timeoutMs,
			});
			return {response, text: await response.text()};
		} catch (error) {
			if (signal?.aborted) throw new TenantdeckError('cancelled', 'Cancelled.', {cause: error});
			throw networkFailure(error, 'Partner Center', new URL(baseUrl).host, customerTenantId);
		}
	}

	const consents = (customerTenantId: string) => `/v1/customers/${encodeURIComponent(customerTenantId)}/applicationconsents`;

	return {
		async grantConsent(customerTenantId, consent: ApplicationConsent, signal) {
			const {response, text} = await send('POST', consents(customerTenantId), customerTenantId, consent, signal);
			if (response.ok) return 'granted';
			const body = parse(text);
			// Partner Center answers a consent that exists with 409 ("Permission entry already exists"),
			// whatever scopes that consent holds: core/consent.ts checks them.
			if (response.status === 409 || /already exists/i.test(body.description ?? '')) return 'already';
			throw refusal(response, body, customerTenantId, 'grant');
		},

		async removeConsent(customerTenantId, applicationId, signal) {
			const {response, text} = await send('DELETE', `${consents(customerTenantId)}/${encodeURIComponent(applicationId)}`, customerTenantId, undefined, signal);
			if (response.ok) return 'removed';
			if (response.status === 404) return 'absent';
			throw refusal(response, parse(text), customerTenantId, 'remove');
		},
	};
}

function refusal(response: HttpReply, body: PartnerCenterErrorBody, customerTenantId: string, doing: 'grant' | 'remove'): TenantdeckError {
	const cause = body.description ?? `HTTP ${response.status}`;
	const details = {status: response.status, code: body.code === undefined ? undefined : `PartnerCenter ${body.code}`, tenantId: customerTenantId, requestId: response.headers.get('ms-correlationid') ?? undefined};
	const what = doing === 'grant' ? 'the consent' : 'removing the consent';
	if (response.status === 401) return new TenantdeckError('auth', `Partner Center refused the sign-in: ${cause}`, {...details, hint: 'Add the delegated permission Microsoft Partner Center › user_impersonation to the app registration, grant admin consent, then "tenantdeck login".'});
	if (response.status === 403) return new TenantdeckError('forbidden', `Partner Center refused ${what}: ${cause}`, {...details, hint: `Your GDAP relationship with this customer needs ${roleNames(consentRoles)} to ${doing} consent.`});
	if (response.status === 404) return new TenantdeckError('not-found', `Partner Center does not know this customer: ${cause}`, {...details, hint: 'The customer relationship may have ended; check Partner Center › Customers.'});
	if (response.status === 429) return new TenantdeckError('throttled', `Partner Center is throttling: ${cause}`, {...details, hint: 'Wait a minute and run the consent again for the failed tenants.'});
	return new TenantdeckError(response.status >= 500 ? 'unavailable' : 'unknown', `Partner Center answered ${response.status}: ${cause}`, details);
}

function parse(text: string): PartnerCenterErrorBody {
	try {
		return (JSON.parse(text) ?? {}) as PartnerCenterErrorBody;
	} catch {
		return {description: text.slice(0, 200) || undefined};
	}
}
