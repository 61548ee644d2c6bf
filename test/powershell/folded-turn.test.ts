// A tenant's turn is one PowerShell call in the happy path (connect, run, disconnect), with real
// PowerShell against the sandbox: one call per tenant, and a stop that lands while the connect is
// in flight still leaves no connection open and nothing in the journal, because the connect is
// shielded (it finishes, then the call ends and its connection is closed from its own process).

import test, {type ExecutionContext} from 'ava';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {connectionJournalPath, fileConnectionJournal} from '../../source/adapters/powershell/connection-journal.js';
import type {TenantdeckError} from '../../source/core/errors.js';
import {listMailboxes} from '../../source/core/operations/mailboxes-list.js';
import {Supervisor} from '../../source/core/supervisor.js';
import {importScript} from '../../source/core/supervisor-scripts.js';
import {isWarmUp} from '../../source/core/supervisor-warm-up.js';
import {exchangeRoute} from '../../source/sandbox/exchange.js';
import {startSandbox, type Sandbox} from '../../source/sandbox/server.js';
import type {SandboxRequest} from '../../source/sandbox/contract.js';
import type {PowerShellLocation} from '../../source/adapters/powershell/find-powershell.js';
import {exchangeLedger, recordingPort, sandboxAuth, sandboxTenants, startExchangeSandbox, testWithPowerShell} from '../helpers/powershell.js';

testWithPowerShell('each tenant is one PowerShell call when all goes well, and every connection is closed', async (t, location) => {
	const sandbox = await startExchangeSandbox({tenants: 6, exchangeConnectMs: 20, exchangeCmdletMs: 20});
	t.teardown(() => sandbox.stop());
	const port = recordingPort(sandbox, location);
	let calls = 0;
	const counting = {
		async start() {
			const session = await port.start();
			const invoke = session.invoke.bind(session);
			session.invoke = (script, args, options) => {
				// The import and the warm-up are each process's own, once: not a tenant's.
				if (script !== importScript && !isWarmUp(args)) calls++;
				return invoke(script, args, options);
			};
			return session;
		},
	};
	const supervisor = new Supervisor({powershell: counting, auth: sandboxAuth(sandbox)});
	t.teardown(() => supervisor.shutdown());
	const tenants = sandboxTenants(sandbox);
	const results = await Promise.all(tenants.map(tenant => listMailboxes(supervisor, tenant, {})));
	t.true(results.every(rows => rows.length > 0));
	t.is(calls, tenants.length, 'one call per tenant: connect, run and disconnect folded');
	await supervisor.shutdown();
	const ledger = await exchangeLedger(sandbox);
	t.is(ledger.opened, tenants.length);
	t.is(ledger.open, 0);
	t.deepEqual(port.alivePids(), []);
});

testWithPowerShell('a cancel that lands while the connect is in flight leaves no connection open and the journal empty, and the next tenant is served', async (t, location) => {
	// The service takes 1.5 s to open a connection; the test cancels the moment the connect arrives.
	const {sandbox, arrived} = await sandboxAnnouncing(request => request.method === 'POST' && /\/Connection$/i.test(request.url.pathname), {exchangeConnectMs: 1500});
	t.teardown(() => sandbox.stop());
	// No outside closer: the connection can only be closed from its own process, as the shield promises.
	const {journal, port, supervisor} = await journalledSupervisor(t, sandbox, location);
	const [first, second] = sandboxTenants(sandbox);
	const cancel = new AbortController();
	const phases: string[] = [];
	const cancelled = listMailboxes(supervisor, first!, {}, {signal: cancel.signal, onPhase: phase => phases.push(phase)}).then(
		() => 'rows',
		(error: TenantdeckError) => error.kind,
	);
	await arrived;
	cancel.abort();
	t.is(await cancelled, 'cancelled');
	t.false(phases.includes('running'), 'the tenant script never ran');
	let ledger = await exchangeLedger(sandbox);
	t.is(ledger.opened, 1, 'the connect was let finish');
	t.is(ledger.open, 0, 'and its connection closed');
	t.deepEqual(await journal.unstruck(), []);
	t.deepEqual(await journal.unresolved(), []);
	t.is(supervisor.status().orphaned, 0, 'no slot lost');

	t.true((await listMailboxes(supervisor, second!, {})).length > 0);
	await supervisor.shutdown();
	ledger = await exchangeLedger(sandbox);
	t.is(ledger.open, 0);
	t.deepEqual(await journal.unstruck(), []);
	t.deepEqual(port.alivePids(), []);
});

testWithPowerShell('a cancel while the tenant script runs stops it, and its connection is disconnected from its own process', async (t, location) => {
	const {sandbox, arrived} = await sandboxAnnouncing(request => /\/InvokeCommand$/i.test(request.url.pathname), {exchangeCmdletMs: 3000});
	t.teardown(() => sandbox.stop());
	// No outside closer: only the disconnect from its own process (the second call) can close it.
	const {journal, port, supervisor} = await journalledSupervisor(t, sandbox, location);
	const [first] = sandboxTenants(sandbox);
	const cancel = new AbortController();
	const outcome = listMailboxes(supervisor, first!, {}, {signal: cancel.signal}).then(
		() => 'rows',
		(error: TenantdeckError) => error.kind,
	);
	await arrived;
	cancel.abort();
	t.is(await outcome, 'cancelled');
	const ledger = await exchangeLedger(sandbox);
	t.is(ledger.opened, 1);
	t.is(ledger.open, 0, 'disconnected after the stop');
	t.deepEqual(await journal.unstruck(), []);
	t.deepEqual(await journal.unresolved(), []);
	t.is(supervisor.status().orphaned, 0, 'no slot lost');
	await supervisor.shutdown();
	t.deepEqual(port.alivePids(), []);
});

/** A two-tenant sandbox whose `arrived` settles when the first request `matches` reaches the service. */
async function sandboxAnnouncing(matches: (request: SandboxRequest) => boolean, knobs: {exchangeConnectMs?: number; exchangeCmdletMs?: number}) {
	let announce!: () => void;
	const arrived = new Promise<void>(resolve => (announce = resolve));
	const sandbox = await startSandbox({
		deviceCodeIntervalSec: 0,
		tenants: 2,
		...knobs,
		routes: [
			context => {
				const inner = exchangeRoute(context);
				return async request => {
					if (matches(request)) announce();
					return inner(request);
				};
			},
		],
	});
	return {sandbox, arrived};
}

/** A supervisor with a journal in a folder of its own, no outside closer, and a stop that may take its time. */
async function journalledSupervisor(t: ExecutionContext, sandbox: Sandbox, location: PowerShellLocation) {
	const folder = await mkdtemp(join(tmpdir(), 'tenantdeck-folded-'));
	t.teardown(() => rm(folder, {recursive: true, force: true}));
	const journal = fileConnectionJournal(connectionJournalPath(folder));
	const port = recordingPort(sandbox, location);
	const supervisor = new Supervisor({powershell: port, auth: sandboxAuth(sandbox), journal, timeouts: {stopMs: 60_000}});
	t.teardown(() => supervisor.shutdown());
	return {journal, port, supervisor};
}
