// /_sandbox/*: the control surface tests and trainers use — stats, live knobs, approving or revoking sign-ins,
// and raw views of the simulated world to compare state against. No token needed (loopback only).
import type {Route, SandboxReply} from './contract.js';
import type {SandboxContext} from './context.js';
import {graphError} from './errors.js';
import {exchangeDirectory} from './exchange-mailboxes.js';
import {checkKnobs} from './knobs.js';
import type {TenantRecord} from './world.js';

function describeTenant(tenant: TenantRecord, context?: SandboxContext) {
	return {
		tenantId: tenant.tenantId,
		domain: tenant.defaultDomain,
		name: tenant.name,
		initialDomain: tenant.initialDomain,
		gdap: tenant.gdap,
		contract: tenant.contract ? {displayName: tenant.contract.displayName, defaultDomainName: tenant.contract.defaultDomainName} : null,
		...(context ? {consented: context.access.consentIn(tenant) !== undefined, gdapRoles: context.access.rolesIn(tenant)?.map(role => role.name) ?? null} : {}),
	};
}

export function controlRoutes(context: SandboxContext): Route {
	return request => {
		const {pathname} = request.url;
		if (!pathname.startsWith('/_sandbox/')) return undefined;
		const path = pathname.slice('/_sandbox/'.length);
		const route = `${request.method} ${path.split('/')[0]}`;
		switch (route) {
			case 'GET stats':
				return {status: 200, body: context.stats};
			case 'GET knobs':
				return {status: 200, body: context.knobs};
			case 'POST warm-up':
			case 'DELETE warm-up':
				// The stand-in module's first POST and DELETE of a process (its HTTP code's first run): answered at once, nothing done.
				return {status: 200, body: {}};
			case 'POST knobs':
				return updateKnobs(context, request.body, message => graphError(request, 400, 'BadRequest', message));
			case 'POST revoke': {
				// {"expire": true} simulates 90 days of inactivity (AADSTS700082) instead of a revoke (AADSTS50173).
				const expire = (request.body as {expire?: unknown} | undefined)?.expire === true;
				return {status: 200, body: {refreshTokens: context.tokens.revokeAll(expire ? 'expired' : 'revoked'), state: expire ? 'expired' : 'revoked'}};
			}
			case 'POST devicelogin': {
				// The verification page's job: {"user_code": "ABCD-EFGH"} approves that sign-in at once.
				const userCode = (request.body as {user_code?: unknown} | undefined)?.user_code;
				if (typeof userCode !== 'string') return graphError(request, 400, 'BadRequest', 'Send {"user_code": "<the code the client printed>"}.');
				if (!context.tokens.approveUserCode(userCode)) return graphError(request, 404, 'NotFound', `No pending sign-in has the code '${userCode}'; it may have expired or been used.`);
				return {status: 200, body: {approved: userCode.trim().toUpperCase()}};
			}
			case 'POST expire-access':
				// Graph then answers 401 "Lifetime validation failed" to tokens the client still thinks valid.
				return {status: 200, body: {accessTokens: context.tokens.expireAccess()}};
			case 'GET world':
				return {status: 200, body: {partner: describeTenant(context.world.partner), customers: context.world.customers.map(tenant => describeTenant(tenant, context))}};
			case 'POST delete-user': {
				// {"tenant": "<id or domain>", "user": "<UPN>"}: the user is gone, as if another admin deleted it
				// between a check and a run.
				const {tenant: key, user: upn} = (request.body ?? {}) as {tenant?: unknown; user?: unknown};
				const tenant = typeof key === 'string' ? context.world.find(key) : undefined;
				const users = tenant ? context.world.detail(tenant).users : [];
				const at = users.findIndex(user => user.userPrincipalName.toLowerCase() === String(upn).toLowerCase());
				if (at < 0) return graphError(request, 404, 'Request_ResourceNotFound', `No user '${String(upn)}' in simulated tenant '${String(key)}'.`);
				return {status: 200, body: {deleted: users.splice(at, 1)[0]!.userPrincipalName}};
			}
			case 'GET users': {
				const key = decodeURIComponent(path.slice('users/'.length));
				const tenant = key ? context.world.find(key) : undefined;
				if (!tenant) return graphError(request, 404, 'Request_ResourceNotFound', `No simulated tenant '${key}'.`);
				return {status: 200, body: {tenantId: tenant.tenantId, value: context.world.detail(tenant).users}};
			}
			case 'GET mailboxes': {
				// Each mailbox's forwarding as Exchange holds it: what a lesson compares before and after.
				const key = decodeURIComponent(path.slice('mailboxes/'.length));
				const tenant = key ? context.world.find(key) : undefined;
				if (!tenant) return graphError(request, 404, 'Request_ResourceNotFound', `No simulated tenant '${key}'.`);
				const value = exchangeDirectory(context.world, tenant).mailboxes.map(box => ({address: box.PrimarySmtpAddress, forwardingAddress: box.ForwardingAddress, forwardingSmtpAddress: box.ForwardingSmtpAddress}));
				return {status: 200, body: {tenantId: tenant.tenantId, value}};
			}
			default:
				// Extra routes own the rest of /_sandbox/ (e.g. Exchange's /_sandbox/exchange/log).
				return undefined;
		}
	};
}

function updateKnobs(context: SandboxContext, body: unknown, fail: (message: string) => SandboxReply): SandboxReply {
	let update;
	try {
		update = checkKnobs(body ?? {});
	} catch (error) {
		return fail((error as Error).message);
	}
	for (const fixed of ['tenants', 'seed'] as const) {
		if (update[fixed] !== undefined && update[fixed] !== context.knobs[fixed]) return fail(`${fixed} is fixed when the sandbox starts; restart it to change ${fixed}.`);
	}
	Object.assign(context.knobs, update);
	return {status: 200, body: context.knobs};
}
