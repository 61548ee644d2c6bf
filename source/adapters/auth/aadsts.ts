// Turns MSAL and AADSTS failures into errors a partner admin can act on.

import {TenantdeckError} from '../../core/errors.js';

type Known = {kind: 'auth' | 'forbidden' | 'cancelled'; message: string; hint: string};

const known: Record<string, Known> = {
	'65001': {kind: 'auth', message: 'Consent is missing for this app.', hint: 'A Global Administrator must grant admin consent to the app registration (readme: "Setting up a real partner").'},
	'700082': {kind: 'auth', message: 'Your sign-in has expired.', hint: 'Sign in again (tenantdeck login).'},
	'50173': {kind: 'auth', message: 'Your sign-in was revoked (a password change or an admin action).', hint: 'Sign in again (tenantdeck login).'},
	'50133': {kind: 'auth', message: 'Your sign-in was revoked after a password change.', hint: 'Sign in again (tenantdeck login).'},
	'50076': {kind: 'auth', message: 'Multi-factor authentication is required.', hint: 'Sign in again and complete the MFA prompt in the browser.'},
	'50079': {kind: 'auth', message: 'You must register for multi-factor authentication.', hint: 'Register at https://aka.ms/mfasetup, then sign in again.'},
	'50020': {kind: 'forbidden', message: 'Your account has no access to this customer.', hint: 'Check that the GDAP relationship with this customer is active and includes your security group.'},
	'90002': {kind: 'forbidden', message: 'This customer tenant was not found.', hint: 'The tenant id may be wrong, or the customer relationship has ended.'},
	'70020': {kind: 'auth', message: 'The sign-in code expired before sign-in finished.', hint: 'Start the sign-in again and enter the new code within 15 minutes.'},
	'9002313': {kind: 'auth', message: 'The saved sign-in is not valid here.', hint: 'Sign in again (tenantdeck login).'},
	'70000': {kind: 'auth', message: 'The sign-in grant is no longer valid.', hint: 'Sign in again (tenantdeck login).'},
};

const byErrorCode: Record<string, Known> = {
	user_cancelled: {kind: 'cancelled', message: 'Sign-in cancelled.', hint: ''},
	no_account_in_silent_request: {kind: 'auth', message: 'You are not signed in.', hint: 'Sign in first (tenantdeck login).'},
	no_tokens_found: {kind: 'auth', message: 'You are not signed in.', hint: 'Sign in first (tenantdeck login).'},
};

/** `serverSentence` is AAD's own error_description, for when MSAL's error lost the AADSTS code. */
export function authError(error: unknown, tenantId?: string, serverSentence?: string): TenantdeckError {
	if (error instanceof TenantdeckError) return error;
	const details = error as {errorCode?: string; errorMessage?: string; message?: string};
	const reported = details.errorMessage ?? details.message ?? String(error);
	const text = serverSentence && !/AADSTS\d+/.test(reported) ? `${serverSentence} (${reported})` : reported;
	const aadsts = /AADSTS(\d+)/.exec(text)?.[1];
	const match = (aadsts && known[aadsts]) || (details.errorCode && byErrorCode[details.errorCode]);
	if (match) {
		return new TenantdeckError(match.kind, match.message, {hint: match.hint || undefined, code: aadsts ? `AADSTS${aadsts}` : details.errorCode, tenantId, cause: error});
	}
	const firstLine = text.split('\n')[0]?.replace(/Trace ID:.*$/, '').trim();
	return new TenantdeckError('auth', `Sign-in failed: ${firstLine || 'unknown error'}`, {hint: 'Try signing in again; if it keeps failing, check the app registration.', code: aadsts ? `AADSTS${aadsts}` : details.errorCode, tenantId, cause: error});
}
