// Turns MSAL and AADSTS failures into errors a partner admin can act on: each code Microsoft sends
// on a partner's first day gets its own sentence and next step, and says whether it happened in
// the partner's own sign-in or in one customer.

import {TenantdeckError, type ErrorKind} from '../../core/errors.js';
import {networkFailure} from '../network-errors.js';

type Known = {kind: ErrorKind; message: string; hint: string; signInLost?: true};
/** Where it happened: the partner's own sign-in, or a token for one customer. */
type Explain = (customer: string | undefined) => Known;

const consentCommand = (customer: string) => `run "tenantdeck consent --tenants ${customer}" (Partner Center grants the app there).`;
const signInAgain = 'Your sign-in was revoked — run "tenantdeck login".';

/** A sign-in that reached the wrong Microsoft cloud: the partner's own (say which --cloud), or a customer GDAP cannot reach. */
function wrongCloud(customer: string | undefined, code: string, sentence: string, hint: string): Known {
	if (customer) return {kind: 'forbidden', message: `This customer is in another Microsoft cloud than your partner tenant, so your sign-in cannot reach it (AADSTS${code}).`, hint: 'GDAP works within one cloud: manage this customer with a partner account of its own cloud (tenantdeck --cloud).'};
	return {kind: 'auth', message: `${sentence}: the cloud does not match (AADSTS${code}).`, hint};
}

const known: Record<string, Explain> = {
	'700016': customer => customer
		? {kind: 'forbidden', message: 'The app does not exist in this customer tenant (AADSTS700016).', hint: `Make the app registration multi-tenant, then ${consentCommand(customer)}`}
		: {kind: 'auth', message: 'The app registration was not found in your tenant (AADSTS700016).', hint: 'Check the clientId in profile.json (or TENANTDECK_CLIENT_ID) against the app registration\'s Application (client) ID, and that you sign in to the partner tenant that owns it.'},
	'65001': customer => customer
		? {kind: 'forbidden', message: 'The app is not consented in this customer (AADSTS65001).', hint: `To grant it, ${consentCommand(customer)}`}
		: {kind: 'auth', message: 'The app is not consented in your partner tenant (AADSTS65001).', hint: 'In the app registration › API permissions, choose "Grant admin consent" (readme: "Setting up a real partner").'},
	'650052': customer => customer
		? {kind: 'forbidden', message: 'This customer lacks a service the app uses, e.g. Exchange Online (AADSTS650052).', hint: `Check the customer has that service, then ${consentCommand(customer)}`}
		: {kind: 'auth', message: 'Your tenant lacks a service the app asks for, e.g. Exchange Online (AADSTS650052).', hint: 'Remove that API permission from the app registration, or grant admin consent again once the service exists.'},
	'53003': () => ({kind: 'auth', message: 'Conditional Access blocked this sign-in (AADSTS53003); device code sign-in is often blocked, as Microsoft recommends.', hint: 'Ask your security admin to exclude the admins who run tenantdeck from the policy that blocks device code flow, or sign in from a device and location the policy allows.'}),
	'7000218': () => ({kind: 'auth', message: 'The app registration does not allow public client flows, so device code sign-in is refused (AADSTS7000218).', hint: 'In the app registration › Authentication, set "Allow public client flows" to Yes.'}),
	'90072': customer => customer
		? {kind: 'forbidden', message: 'Your account is not known in this customer tenant (AADSTS90072).', hint: 'Check that your GDAP relationship with this customer is active and that your security group is assigned in it.'}
		: {kind: 'auth', message: 'Your account does not exist in the tenant you signed in to (AADSTS90072).', hint: 'Sign in with an account of your partner tenant, the one that owns the app registration.'},
	// The resource (Graph, Exchange) is unknown where the token was asked: a customer without that
	// service, or a partner in a national cloud signing in with the public cloud's names.
	'500011': customer => ({kind: customer ? 'forbidden' : 'auth', message: `Microsoft does not know the service the app asks a token for in ${customer ? 'this customer' : 'your tenant'} (AADSTS500011).`, hint: 'If the tenant has no such service (e.g. no Exchange Online), leave it out of this operation; if your partner tenant is in a national cloud (GCC High, DoD, 21Vianet), set --cloud (or "cloud" in profile.json) to that cloud.'}),
	// The partner's tenant lives in another Microsoft cloud than the one tenantdeck signs in to.
	'900439': customer => wrongCloud(customer, '900439', 'Your tenant is in the US Government cloud (GCC High or DoD), but tenantdeck signed in to the worldwide cloud', 'Set --cloud usgov (GCC High) or --cloud dod (or "cloud" in profile.json), then run "tenantdeck login".'),
	'900440': customer => wrongCloud(customer, '900440', 'Your tenant is in the worldwide cloud, but tenantdeck signed in to the US Government cloud', 'Set --cloud public (GCC moderate is public too), or remove "cloud" from profile.json, then run "tenantdeck login".'),
	'90038': customer => wrongCloud(customer, '90038', 'Your tenant is in another Microsoft cloud than the one tenantdeck signed in to', 'Set --cloud to your tenant\'s cloud: public (also GCC), usgov (GCC High), dod or china (or "cloud" in profile.json), then run "tenantdeck login".'),
	'50076': () => ({kind: 'auth', message: 'Multi-factor authentication is required (AADSTS50076).', hint: 'Run "tenantdeck login" again and complete the MFA prompt in the browser.'}),
	'50079': () => ({kind: 'auth', message: 'You must register for multi-factor authentication first (AADSTS50079).', hint: 'Register at https://aka.ms/mfasetup, then run "tenantdeck login".'}),
	'700082': () => ({kind: 'auth', message: 'Your sign-in has expired after 90 days without use (AADSTS700082).', hint: 'Run "tenantdeck login".', signInLost: true}),
	'50173': () => ({kind: 'auth', message: 'Your sign-in was revoked by a password change or an admin (AADSTS50173).', hint: signInAgain, signInLost: true}),
	'50133': () => ({kind: 'auth', message: 'Your sign-in was revoked after a password change (AADSTS50133).', hint: signInAgain, signInLost: true}),
	'9002313': () => ({kind: 'auth', message: 'The saved sign-in is not valid any more (AADSTS9002313).', hint: signInAgain, signInLost: true}),
	'50020': () => ({kind: 'forbidden', message: 'Your account has no access to this customer (AADSTS50020).', hint: 'Check that the GDAP relationship with this customer is active and includes your security group.'}),
	'90002': () => ({kind: 'forbidden', message: 'This customer tenant was not found (AADSTS90002).', hint: 'The tenant id may be wrong, or the customer relationship has ended.'}),
	// The service's own word for what msal-node calls device_code_expired.
	'70020': () => byErrorCode['device_code_expired']!,
	'70000': () => ({kind: 'auth', message: 'The sign-in grant is no longer valid (AADSTS70000).', hint: signInAgain, signInLost: true}),
};

const byErrorCode: Record<string, Known> = {
	user_cancelled: {kind: 'cancelled', message: 'Sign-in cancelled.', hint: ''},
	no_account_in_silent_request: {kind: 'auth', message: 'You are not signed in.', hint: 'Sign in first (tenantdeck login).', signInLost: true},
	no_tokens_found: {kind: 'auth', message: 'You are not signed in.', hint: 'Sign in first (tenantdeck login).', signInLost: true},
	device_code_expired: {kind: 'auth', message: 'The sign-in code expired before you entered it.', hint: 'Run "tenantdeck login" again and enter the new code at the address shown, within its lifetime (usually 15 minutes).'},
};

/**
 * `serverSentence` is AAD's own error_description, for when MSAL's error lost the AADSTS code;
 * `transport` is the request that never got an answer, for MSAL's bare "network_error".
 */
export function authError(error: unknown, tenantId?: string, serverSentence?: string, transport?: {error: unknown; host: string}): TenantdeckError {
	if (error instanceof TenantdeckError) return error;
	const details = error as {errorCode?: string; errorMessage?: string; message?: string};
	if (details.errorCode === 'network_error' || details.errorCode === 'no_network_connectivity' || (!details.errorCode && transport)) {
		return networkFailure(transport?.error ?? error, 'Microsoft\'s sign-in service', transport?.host, tenantId);
	}
	const reported = details.errorMessage ?? details.message ?? String(error);
	const text = serverSentence && !/AADSTS\d+/.test(reported) ? `${serverSentence} (${reported})` : reported;
	const aadsts = /AADSTS(\d+)/.exec(text)?.[1];
	const match = (aadsts && known[aadsts]?.(tenantId)) || (details.errorCode && byErrorCode[details.errorCode]);
	if (match) {
		return new TenantdeckError(match.kind, match.message, {hint: match.hint || undefined, code: aadsts ? `AADSTS${aadsts}` : details.errorCode, tenantId, signInLost: match.signInLost, cause: error});
	}
	const firstLine = text.split('\n')[0]?.replace(/Trace ID:.*$/, '').trim();
	return new TenantdeckError('auth', `Sign-in failed: ${firstLine || 'unknown error'}`, {hint: 'Try "tenantdeck login" again; if it keeps failing, compare the app registration with the readme\'s "Setting up a real partner".', code: aadsts ? `AADSTS${aadsts}` : details.errorCode, tenantId, cause: error});
}
