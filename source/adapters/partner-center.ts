// PartnerCenterPort on fetch: the application consent call, with a partner-tenant token for
// Partner Center, and its refusals turned into a cause a partner can act on.

import type {ApplicationConsent, PartnerCenterPort} from '../core/ports.js';
import {TenantdeckError} from '../core/errors.js';
import {consentRoles, roleNames} from '../core/permissions.js';
import {networkFailure} from './network-errors.js';

export type PartnerCenterOptions = {
	baseUrl: string;
	/** A token for Partner Center in the partner's own tenant. */
	token: () => Promise<string>;
	timeoutMs?: number;
};

type PartnerCenterErrorBody = {code?: number | string; description?: string};

export function createPartnerCenterClient(options: PartnerCenterOptions): PartnerCenterPort {
	const {baseUrl, token, timeoutMs = 60_000} = options;
	return {
		async grantConsent(customerTenantId, consent: ApplicationConsent, signal) {
			const bearer = await token();
			const url = `${baseUrl}/v1/customers/${encodeURIComponent(customerTenantId)}/applicationconsents`;
			let response: Response;
			let text: string;
			try {
				response = await fetch(url, {
					method: 'POST',
					headers: {authorization: `Bearer ${bearer}`, accept: 'application/json', 'content-type': 'application/json'},
					body: JSON.stringify(consent),
					signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
				});
				text = await response.text();
			} catch (error) {
				if (signal?.aborted) throw new TenantdeckError('cancelled', 'Cancelled.', {cause: error});
				throw networkFailure(error, 'Partner Center', new URL(baseUrl).host, customerTenantId);
			}
			if (response.ok) return 'granted';
			const body = parse(text);
			const cause = body.description ?? `HTTP ${response.status}`;
			const details = {status: response.status, code: body.code === undefined ? undefined : `PartnerCenter ${body.code}`, tenantId: customerTenantId, requestId: response.headers.get('ms-correlationid') ?? undefined};
			// Partner Center answers a consent that exists with 409 ("Permission entry already exists").
			if (response.status === 409 || /already exists/i.test(cause)) return 'already';
			if (response.status === 401) throw new TenantdeckError('auth', `Partner Center refused the sign-in: ${cause}`, {...details, hint: 'Add the delegated permission Microsoft Partner Center › user_impersonation to the app registration, grant admin consent, then "tenantdeck login".'});
			if (response.status === 403) throw new TenantdeckError('forbidden', `Partner Center refused the consent: ${cause}`, {...details, hint: `Your GDAP relationship with this customer needs ${roleNames(consentRoles)} to grant consent.`});
			if (response.status === 404) throw new TenantdeckError('not-found', `Partner Center does not know this customer: ${cause}`, {...details, hint: 'The customer relationship may have ended; check Partner Center › Customers.'});
			if (response.status === 429) throw new TenantdeckError('throttled', `Partner Center is throttling: ${cause}`, {...details, hint: 'Wait a minute and run the consent again for the failed tenants.'});
			throw new TenantdeckError(response.status >= 500 ? 'unavailable' : 'unknown', `Partner Center answered ${response.status}: ${cause}`, details);
		},
	};
}

function parse(text: string): PartnerCenterErrorBody {
	try {
		return (JSON.parse(text) ?? {}) as PartnerCenterErrorBody;
	} catch {
		return {description: text.slice(0, 200) || undefined};
	}
}
