// The sandbox's Exchange admin REST surface over plain HTTP (no PowerShell needed): the per-account
// cap in the service's words, the ledger, paging, the log, writes that persist, and idle expiry.

import test from 'ava';
import type {TokenGrant} from '../../source/sandbox/contract.js';
import {exchangeRoute} from '../../source/sandbox/exchange.js';
import type {ExchangeLogEntry, LedgerWithExpiry} from '../../source/sandbox/exchange-connections.js';
import {exchangeDirectory} from '../../source/sandbox/exchange-mailboxes.js';
import {startSandbox, type Sandbox} from '../../source/sandbox/server.js';
import {sandboxCloser} from '../../source/adapters/powershell/connection-closer.js';
import {World} from '../../source/sandbox/world.js';

async function sandboxWith(options: {idleExpiryMs?: number; forbidden?: string[]} = {}): Promise<Sandbox> {
	return startSandbox({tenants: 5, forbiddenTenants: options.forbidden ?? [], routes: [context => exchangeRoute(context, {idleExpiryMs: options.idleExpiryMs})]});
}

function tokenFor(sandbox: Sandbox, tenantId: string, accountId = 'admin-1'): string {
	const grant: TokenGrant = {tenantId, resource: 'exchange', accountId, username: `${accountId}@northwindpartners.onmicrosoft.com`, expiresAt: Date.now() + 3_600_000};
	return sandbox.context.tokens.issueAccess(grant);
}

async function call(sandbox: Sandbox, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
	const response = await fetch(path.startsWith('http') ? path : `${sandbox.url}${path}`, {
		method,
		headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return {status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined};
}

const connect = (sandbox: Sandbox, tenantId: string, token: string) => call(sandbox, 'POST', `/adminapi/beta/${tenantId}/Connection`, token, {CommandName: ['Get-Mailbox', 'Set-Mailbox']});
const cmdlet = (sandbox: Sandbox, tenantId: string, token: string, connectionId: string, name: string, parameters: Record<string, unknown>, headers?: Record<string, string>) =>
	call(sandbox, 'POST', `/adminapi/beta/${tenantId}/InvokeCommand`, token, {CmdletInput: {CmdletName: name, Parameters: parameters}}, {'connection-id': connectionId, ...headers});
const ledger = (sandbox: Sandbox) => sandbox.stats().exchange as LedgerWithExpiry;

test('a fourth concurrent connection is refused in the service\'s words; closing frees a slot', async t => {
	const sandbox = await sandboxWith();
	t.teardown(() => sandbox.stop());
	const customers = sandbox.context.world.customers;
	const opened = [];
	for (const customer of customers.slice(0, 3)) {
		const reply = await connect(sandbox, customer.tenantId, tokenFor(sandbox, customer.tenantId));
		t.is(reply.status, 200);
		opened.push({tenantId: customer.tenantId, id: reply.body!['ConnectionId'] as string});
	}
	const fourth = await connect(sandbox, customers[3].tenantId, tokenFor(sandbox, customers[3].tenantId));
	t.is(fourth.status, 429);
	t.regex(fourth.body!['error'].message, /maximum number of 3 concurrent/);
	// The cap is per account: another admin still gets in.
	t.is((await connect(sandbox, customers[3].tenantId, tokenFor(sandbox, customers[3].tenantId, 'admin-2'))).status, 200);

	const first = opened[0];
	t.is((await call(sandbox, 'DELETE', `/adminapi/beta/${first.tenantId}/Connection/${first.id}`, tokenFor(sandbox, first.tenantId))).status, 204);
	t.is((await connect(sandbox, customers[3].tenantId, tokenFor(sandbox, customers[3].tenantId))).status, 200);
	t.like(ledger(sandbox), {opened: 5, closed: 1, open: 4, peak: 4, refused: 1});
});

test('cmdlets need an open connection for that tenant and a token for it', async t => {
	const sandbox = await sandboxWith({forbidden: []});
	t.teardown(() => sandbox.stop());
	const [a, b] = sandbox.context.world.customers;
	const token = tokenFor(sandbox, a.tenantId);
	t.is((await cmdlet(sandbox, a.tenantId, token, 'nope', 'Get-Mailbox', {})).status, 400);
	t.is((await connect(sandbox, a.tenantId, tokenFor(sandbox, b.tenantId))).status, 401);
	const id = (await connect(sandbox, a.tenantId, token)).body!['ConnectionId'] as string;
	t.is((await cmdlet(sandbox, a.tenantId, token, id, 'Get-InboxRule', {Mailbox: 'x'})).status, 400, 'not loaded by -CommandName');
	const unknown = await cmdlet(sandbox, a.tenantId, token, id, 'Get-Mailbox', {Frobnicate: 1});
	t.regex(unknown.body!['error'].message, /parameter cannot be found that matches parameter name 'Frobnicate'/);
});

test('a forbidden tenant answers 403 to the connection', async t => {
	const probe = new World(1, 5).customers[2];
	const sandbox = await sandboxWith({forbidden: [probe.initialDomain]});
	t.teardown(() => sandbox.stop());
	const reply = await connect(sandbox, probe.tenantId, tokenFor(sandbox, probe.tenantId));
	t.is(reply.status, 403);
	t.regex(reply.body!['error'].message, /not authorized/);
});

test('Get-Mailbox pages by @odata.nextLink; Set-Mailbox persists; the log keeps every call as received', async t => {
	const sandbox = await sandboxWith();
	t.teardown(() => sandbox.stop());
	const customer = sandbox.context.world.customers[0];
	const token = tokenFor(sandbox, customer.tenantId);
	const id = (await connect(sandbox, customer.tenantId, token)).body!['ConnectionId'] as string;
	const expected = exchangeDirectory(sandbox.context.world, customer).mailboxes;
	const seen: string[] = [];
	let next: string | undefined = `/adminapi/beta/${customer.tenantId}/InvokeCommand`;
	let pages = 0;
	while (next) {
		const page: {status: number; body?: Record<string, any>} = await call(sandbox, 'POST', next, token, {CmdletInput: {CmdletName: 'Get-Mailbox', Parameters: {ResultSize: 'Unlimited'}}}, {'connection-id': id, prefer: 'odata.maxpagesize=3'});
		t.is(page.status, 200);
		seen.push(...(page.body!['value'] as Array<{PrimarySmtpAddress: string}>).map(mailbox => mailbox.PrimarySmtpAddress));
		next = page.body!['@odata.nextLink'];
		pages++;
	}
	t.deepEqual(seen, expected.map(mailbox => mailbox.PrimarySmtpAddress));
	t.is(pages, Math.ceil(expected.length / 3));

	const target = expected[0].PrimarySmtpAddress;
	t.is((await cmdlet(sandbox, customer.tenantId, token, id, 'Set-Mailbox', {Identity: target, ForwardingSmtpAddress: 'someone@outside.example', DeliverToMailboxAndForward: true})).status, 200);
	const after = await cmdlet(sandbox, customer.tenantId, token, id, 'Get-Mailbox', {Identity: target});
	t.like(after.body!['value'][0], {ForwardingSmtpAddress: 'smtp:someone@outside.example', DeliverToMailboxAndForward: true});

	const log = (await (await fetch(`${sandbox.url}/_sandbox/exchange/log`)).json()) as ExchangeLogEntry[];
	t.deepEqual(
		log.map(entry => entry.cmdlet),
		['Connect-ExchangeOnline', 'Get-Mailbox', 'Set-Mailbox', 'Get-Mailbox'],
		'one entry per invocation, not per page',
	);
	t.deepEqual(log[2].parameters, {Identity: target, ForwardingSmtpAddress: 'someone@outside.example', DeliverToMailboxAndForward: true});
	const since = (await (await fetch(`${sandbox.url}/_sandbox/exchange/log?since=${log[2].seq}`)).json()) as ExchangeLogEntry[];
	t.is(since.length, 1);
});

test('a connection nobody closes idles out and is counted apart from closes', async t => {
	const sandbox = await sandboxWith({idleExpiryMs: 30});
	t.teardown(() => sandbox.stop());
	const [a, b] = sandbox.context.world.customers;
	await connect(sandbox, a.tenantId, tokenFor(sandbox, a.tenantId));
	// Time itself is what is tested here: there is no event to wait for.
	await new Promise(resolve => setTimeout(resolve, 60));
	await connect(sandbox, b.tenantId, tokenFor(sandbox, b.tenantId));
	t.like(ledger(sandbox), {opened: 2, closed: 0, expired: 1, open: 1});
});

test('the sandbox-only route closes the connections one client process opened for a tenant, for the caller\'s account only', async t => {
	const sandbox = await sandboxWith();
	t.teardown(() => sandbox.stop());
	const [a, b] = sandbox.context.world.customers;
	const connectAs = (tenantId: string, pid: number, accountId = 'admin-1') =>
		call(sandbox, 'POST', `/adminapi/beta/${tenantId}/Connection`, tokenFor(sandbox, tenantId, accountId), {CommandName: ['Get-Mailbox']}, {'x-client-pid': String(pid)});
	// Process 7001 connected to tenant a (its connect was cut off: nobody learned the id); others did more.
	await connectAs(a.tenantId, 7001);
	await connectAs(a.tenantId, 7002);
	await connectAs(b.tenantId, 7001);
	await connectAs(a.tenantId, 7001, 'admin-2');
	const closer = sandboxCloser(sandbox.url);
	t.is(await closer.closeOpenedBy({tenantId: a.tenantId, clientPid: 7001}, tokenFor(sandbox, a.tenantId), 5000), 1);
	t.is(await closer.closeOpenedBy({tenantId: a.tenantId, clientPid: 7001}, tokenFor(sandbox, a.tenantId), 5000), 0, 'nothing more of that process for that tenant');
	t.like(ledger(sandbox), {opened: 4, closed: 1, open: 3});
	const refused = await call(sandbox, 'DELETE', `/_sandbox/exchange/${a.tenantId}/connections?clientPid=7002`, tokenFor(sandbox, b.tenantId));
	t.is(refused.status, 401, 'a token for another tenant closes nothing');
	const log = (await (await fetch(`${sandbox.url}/_sandbox/exchange/log`)).json()) as ExchangeLogEntry[];
	t.like(log.at(-1), {cmdlet: '(closed by client process)', parameters: {ClientPid: 7001, Closed: 0}});
});
