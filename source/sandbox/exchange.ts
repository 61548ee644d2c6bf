// The Exchange admin REST surface the v3 module uses, on the sandbox: connection open/close,
// POST /adminapi/beta/{tenant}/InvokeCommand (paged by @odata.nextLink), the per-account
// connection cap and ledger, and GET /_sandbox/exchange/log with every invocation as received.
// DELETE /_sandbox/exchange/{tenant}/connections?clientPid=N has no twin on the real service: it
// closes the sessions one client process opened, which only a server-side session model can leave
// behind (a client killed mid-connect, before it learned the id). In Exchange's REST mode the
// connection dies with its process, so production writes such a connect off instead.

import {clouds} from '../adapters/cloud.js';
import type {Route, SandboxReply, SandboxRequest} from './contract.js';
import {isGrant, listsTenant, type SandboxContext} from './context.js';
import {exchangeReadRoles} from '../core/permissions.js';
import {runCmdlet} from './exchange-cmdlets.js';
import {ExchangeConnections} from './exchange-connections.js';
import {exchangeDirectory, findMailbox} from './exchange-mailboxes.js';
import type {TenantRecord} from './world.js';

export type ExchangeRouteOptions = {
	/** Idle time after which the service ends a connection nobody closed (default 15 minutes). */
	readonly idleExpiryMs?: number;
	/** Items per page when the client does not ask (Prefer: odata.maxpagesize). */
	readonly pageSize?: number;
};

const PATH = /^\/adminapi\/beta\/([^/]+)\/(InvokeCommand|Connection)(?:\/([^/]+))?\/?$/i;
const OPENED_BY = /^\/_sandbox\/exchange\/([^/]+)\/connections\/?$/;

const exchangeError = (status: number, code: string, message: string): SandboxReply => ({status, body: {error: {code, message}}});

function header(request: SandboxRequest, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

function clientPid(request: SandboxRequest): number | undefined {
	const pid = Number(header(request, 'x-client-pid'));
	return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function pageSizeOf(request: SandboxRequest, fallback: number): number {
	const asked = /odata\.maxpagesize=(\d+)/i.exec(header(request, 'prefer') ?? '');
	return Math.min(1000, Math.max(1, asked ? Number(asked[1]) : fallback));
}

/** The route factory to hand to startSandbox({routes}). */
export function exchangeRoute(context: SandboxContext, options: ExchangeRouteOptions = {}): Route {
	const ledger = Object.assign(context.stats.exchange, {expired: 0});
	const connections = new ExchangeConnections(ledger, () => context.knobs.exchangeMaxConnections, options.idleExpiryMs ?? 15 * 60_000);

	// A hung cmdlet answers only when the sandbox stops (or never, as far as the client can tell).
	const hang = () =>
		new Promise<SandboxReply>(resolve => {
			const done = () => resolve(exchangeError(503, 'ServiceUnavailable', 'The sandbox stopped.'));
			if (context.signal.aborted) done();
			else context.signal.addEventListener('abort', done, {once: true});
		});

	// The knob's failure reads like Exchange's own when it cannot open a mailbox.
	function failsOnPurpose(cmdlet: string, parameters: Record<string, unknown>, tenant: TenantRecord): {status: number; code: string; message: string} | undefined {
		if (!/^(set-mailbox|get-inboxrule)$/i.test(cmdlet)) return undefined;
		const listed = context.knobs.exchangeFailMailboxes;
		const identity = String(parameters['Identity'] ?? parameters['Mailbox'] ?? '');
		const mailbox = findMailbox(exchangeDirectory(context.world, tenant), identity);
		const named = mailbox && listed.some(entry => [mailbox.PrimarySmtpAddress, mailbox.Identity].some(value => value.toLowerCase() === entry.toLowerCase()));
		if (!named && !listsTenant(listed, tenant)) return undefined;
		return {status: 400, code: 'MailboxUnavailableException', message: `|Microsoft.Exchange.Data.Storage.MailboxUnavailableException|Cannot open mailbox ${identity}.`};
	}

	async function invoke(request: SandboxRequest, tenant: TenantRecord, connectionId: string): Promise<SandboxReply> {
		const input = (request.body as {CmdletInput?: {CmdletName?: unknown; Parameters?: unknown}} | undefined)?.CmdletInput;
		if (!input || typeof input.CmdletName !== 'string') return exchangeError(400, 'BadRequest', 'The request body needs CmdletInput.CmdletName.');
		const parameters = (typeof input.Parameters === 'object' && input.Parameters !== null ? input.Parameters : {}) as Record<string, unknown>;
		const skip = Number(request.url.searchParams.get('$skiptoken') ?? 0);
		if (skip === 0) {
			connections.log({tenantId: tenant.tenantId, cmdlet: input.CmdletName, parameters, connectionId, clientPid: clientPid(request)});
			if (listsTenant(context.knobs.exchangeHangTenants, tenant)) return hang();
			await context.delay(context.knobs.exchangeCmdletMs);
		}
		const outcome =
			failsOnPurpose(input.CmdletName, parameters, tenant) ??
			runCmdlet(input.CmdletName, parameters, exchangeDirectory(context.world, tenant));
		if ('status' in outcome) return exchangeError(outcome.status, outcome.code, outcome.message);
		const size = pageSizeOf(request, options.pageSize ?? 25);
		const body: Record<string, unknown> = {
			'@odata.context': `${request.url.origin}/adminapi/beta/${tenant.tenantId}/$metadata#Collection(Exchange.GenericHashTable)`,
			value: outcome.items.slice(skip, skip + size),
		};
		if (skip + size < outcome.items.length) {
			const next = new URL(request.url);
			next.searchParams.set('$skiptoken', String(skip + size));
			body['@odata.nextLink'] = next.toString();
		}
		return {status: 200, body};
	}

	return async request => {
		if (request.url.pathname === '/_sandbox/exchange/log' && request.method === 'GET') {
			return {status: 200, body: connections.logSince(Number(request.url.searchParams.get('since') ?? 0))};
		}
		const openedBy = OPENED_BY.exec(request.url.pathname);
		const match = PATH.exec(request.url.pathname) ?? openedBy;
		if (!match) return undefined;
		const grant = context.authorize(request, 'exchange');
		if (!isGrant(grant)) return grant;
		const organization = decodeURIComponent(match[1]);
		const tenant = context.world.find(organization);
		if (!tenant) return exchangeError(404, 'TenantNotFound', `The organization '${organization}' was not found.`);
		if (grant.tenantId !== tenant.tenantId) return exchangeError(401, 'InvalidToken', `The access token was issued for another organization than '${organization}'.`);
		if (context.isForbidden(tenant) || !context.access.hasAnyRole(tenant, exchangeReadRoles)) {
			return exchangeError(403, 'Forbidden', `The user '${grant.username}' is not authorized to manage '${tenant.defaultDomain}': no Exchange role in this customer's GDAP relationship.`);
		}
		if (openedBy) {
			const pid = Number(request.url.searchParams.get('clientPid'));
			if (request.method !== 'DELETE' || !Number.isInteger(pid) || pid <= 0) return exchangeError(400, 'BadRequest', 'DELETE with ?clientPid=<the client process id>.');
			const closed = connections.disconnectOpenedBy(pid, grant, tenant.tenantId);
			connections.log({tenantId: tenant.tenantId, cmdlet: '(closed by client process)', parameters: {ClientPid: pid, Closed: closed}});
			return {status: 200, body: {closed}};
		}
		const [, , resource, id] = match;

		if (resource.toLowerCase() === 'connection' && request.method === 'POST' && !id) {
			const commands = [((request.body ?? {}) as {CommandName?: unknown}).CommandName ?? []].flat().map(String);
			const environment = String(((request.body ?? {}) as {ExchangeEnvironmentName?: unknown}).ExchangeEnvironmentName ?? 'O365Default');
			// The module connects to the environment's own hosts: another cloud's name never reaches this one.
			const expected = clouds[context.knobs.cloud].exchangeEnvironment;
			if (environment !== expected) return exchangeError(400, 'WrongEnvironment', `This organization lives in ${expected}; Connect-ExchangeOnline was called with -ExchangeEnvironmentName ${environment}.`);
			await context.delay(context.knobs.exchangeConnectMs);
			const opened = connections.connect(grant, tenant.tenantId, commands, clientPid(request));
			connections.log({tenantId: tenant.tenantId, cmdlet: 'Connect-ExchangeOnline', parameters: {DelegatedOrganization: organization, CommandName: commands, ExchangeEnvironmentName: environment}, connectionId: 'id' in opened ? opened.id : undefined, clientPid: clientPid(request)});
			if ('refused' in opened) return exchangeError(429, 'TooManyConnections', opened.refused);
			return {status: 200, body: {ConnectionId: opened.id, TenantId: tenant.tenantId, Organization: tenant.initialDomain, UserPrincipalName: grant.username}};
		}
		if (resource.toLowerCase() === 'connection' && request.method === 'DELETE' && id) {
			connections.log({tenantId: tenant.tenantId, cmdlet: 'Disconnect-ExchangeOnline', parameters: {ConnectionId: id}, connectionId: id, clientPid: clientPid(request)});
			if (!connections.disconnect(id, grant, tenant.tenantId)) return exchangeError(404, 'ConnectionNotFound', `No open connection '${id}' for this account and organization.`);
			return {status: 204};
		}
		if (resource.toLowerCase() === 'invokecommand' && request.method === 'POST') {
			const connectionId = header(request, 'connection-id') ?? '';
			const connection = connections.use(connectionId, grant, tenant.tenantId);
			if (!connection) return exchangeError(400, 'ConnectionNotFound', 'No open connection for this organization; run Connect-ExchangeOnline first.');
			const cmdlet = (request.body as {CmdletInput?: {CmdletName?: unknown}} | undefined)?.CmdletInput?.CmdletName;
			if (connection.commands.length > 0 && typeof cmdlet === 'string' && !connection.commands.some(name => name.toLowerCase() === cmdlet.toLowerCase())) {
				return exchangeError(400, 'CommandNotFoundException', `The term '${cmdlet}' is not recognized: it was not loaded by Connect-ExchangeOnline -CommandName.`);
			}
			return invoke(request, tenant, connection.id);
		}
		return exchangeError(405, 'MethodNotAllowed', `${request.method} is not supported on ${request.url.pathname}.`);
	};
}
