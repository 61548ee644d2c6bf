// The supervisor over the sandbox's 24 tenants with real PowerShell: rows for every tenant, never
// more than 3 connections, every connection closed, no process left; shutdown mid-run too.

import test from 'ava';
import type {TenantdeckError} from '../../source/core/errors.js';
import {forwardingReport} from '../../source/core/operations/mailbox-forwarding-report.js';
import {listMailboxes} from '../../source/core/operations/mailboxes-list.js';
import {Supervisor} from '../../source/core/supervisor.js';
import {exchangeDirectory} from '../../source/sandbox/exchange-mailboxes.js';
import {exchangeLedger, exchangeLog, recordingPort, sandboxAuth, sandboxTenants, startExchangeSandbox, testWithPowerShell} from '../helpers/powershell.js';

testWithPowerShell('24 tenants: rows for all, at most 3 connections, all closed, no process left', async (t, location) => {
	const sandbox = await startExchangeSandbox({exchangeConnectMs: 20, exchangeCmdletMs: 20});
	t.teardown(() => sandbox.stop());
	const port = recordingPort(sandbox, location);
	const supervisor = new Supervisor({powershell: port, auth: sandboxAuth(sandbox)});
	t.teardown(() => supervisor.shutdown());
	let mostBusy = 0;
	supervisor.onStatus(status => (mostBusy = Math.max(mostBusy, status.busy)));
	const tenants = sandboxTenants(sandbox);
	t.is(tenants.length, 24);

	const started = Date.now();
	const results = await Promise.all(tenants.map(tenant => listMailboxes(supervisor, tenant, {})));
	t.log(`24 tenants in ${Date.now() - started} ms with ${port.started.length} processes`);
	for (const [index, rows] of results.entries()) {
		const customer = sandbox.context.world.customers[index];
		const expected = exchangeDirectory(sandbox.context.world, customer).mailboxes.map(mailbox => mailbox.PrimarySmtpAddress);
		t.deepEqual(rows.map(row => row['primarySmtpAddress']).sort(), [...expected].sort(), tenants[index].tenantDomain);
	}
	t.true(mostBusy <= 3);

	await supervisor.shutdown();
	const ledger = await exchangeLedger(sandbox);
	t.true(ledger.peak <= 3, `peak ${ledger.peak}`);
	t.is(ledger.opened, 24);
	t.is(ledger.closed, 24);
	t.is(ledger.open, 0);
	t.is(ledger.refused, 0);
	t.deepEqual(port.alivePids(), []);
	// One connection per tenant, opened for that tenant.
	const connects = (await exchangeLog(sandbox)).filter(entry => entry.cmdlet === 'Connect-ExchangeOnline');
	t.deepEqual(connects.map(entry => entry.tenantId).sort(), tenants.map(tenant => tenant.tenantId).sort());
});

testWithPowerShell('the forwarding report finds every outside forward the sandbox planted, ForwardingAddress resolved and hidden rules included', async (t, location) => {
	const sandbox = await startExchangeSandbox({tenants: 4});
	t.teardown(() => sandbox.stop());
	const port = recordingPort(sandbox, location);
	// What the report finds is the point here, not the pool (the test above runs the defaults): no
	// spare process, so three starts (about a second of CPU each) instead of four.
	const supervisor = new Supervisor({powershell: port, auth: sandboxAuth(sandbox), spares: 0});
	t.teardown(() => supervisor.shutdown());
	const tenants = sandboxTenants(sandbox);
	const reports = await Promise.all(tenants.map(tenant => forwardingReport(supervisor, tenant)));
	for (const [index, rows] of reports.entries()) {
		const directory = exchangeDirectory(sandbox.context.world, sandbox.context.world.customers[index]);
		const contact = (identity: string) => directory.contacts.find(candidate => candidate.Identity === identity)!.PrimarySmtpAddress;
		const planted = [
			...directory.mailboxes.filter(mailbox => mailbox.ForwardingAddress).map(mailbox => `${mailbox.PrimarySmtpAddress} mailbox ${contact(mailbox.ForwardingAddress!)}`),
			...directory.mailboxes.filter(mailbox => mailbox.ForwardingSmtpAddress).map(mailbox => `${mailbox.PrimarySmtpAddress} mailbox ${mailbox.ForwardingSmtpAddress!.slice(5)}`),
			...directory.mailboxes.flatMap(mailbox =>
				(directory.rules.get(mailbox.Identity) ?? []).flatMap(rule =>
					(['ForwardTo', 'ForwardAsAttachmentTo', 'RedirectTo'] as const).flatMap(action =>
						(rule[action] ?? []).filter(to => !to.includes(`@${tenants[index].tenantDomain}`)).map(to => `${mailbox.PrimarySmtpAddress} inbox rule ${/SMTP:([^\]]+)/.exec(to)![1]}`),
					),
				),
			),
		];
		t.deepEqual(rows.map(row => `${row['mailbox']} ${row['source']} ${row['destination']}`).sort(), planted.sort());
		// The hidden rule the sandbox planted is there only because the report asks with -IncludeHidden.
		const hiddenForward = [...directory.hidden].find(rule => rule.ForwardTo);
		if (hiddenForward) t.true(rows.some(row => row['rule'] === hiddenForward.Name && row['source'] === 'inbox rule'), `hidden rule ${hiddenForward.Name}`);
	}
	t.true(reports.flat().some(row => row['action'] === 'ForwardingAddress'), 'ForwardingAddress forwards are reported');
	t.true(reports.flat().length > 0, 'the sandbox planted some forwarding');
	await supervisor.shutdown();
	t.deepEqual(port.alivePids(), []);
});

testWithPowerShell('shutdown mid-run closes live connections, cancels the rest and ends every process', async (t, location) => {
	const sandbox = await startExchangeSandbox({exchangeCmdletMs: 200});
	t.teardown(() => sandbox.stop());
	const port = recordingPort(sandbox, location);
	// A budget and a stop grace that only end a broken shutdown: this checks what shutdown does (stop,
	// disconnect, end). Past either it kills instead and leaves the connection to the outside closer,
	// which this supervisor has none of, so a slow machine would read as lost connections (first calls
	// took 5 s under a load of 26; a stop once took over 5 s under a load of 20 in a full run). The
	// 5 s bounds, with the closer, are the kill matrix's to check.
	const supervisor = new Supervisor({powershell: port, auth: sandboxAuth(sandbox), shutdownBudgetMs: 60_000, timeouts: {stopMs: 60_000}});
	const tenants = sandboxTenants(sandbox);
	let firstRunning!: () => void;
	const running = new Promise<void>(resolve => (firstRunning = resolve));
	const outcomes = tenants.map(tenant =>
		listMailboxes(supervisor, tenant, {}, {onPhase: phase => phase === 'running' && firstRunning()}).then(
			() => 'rows',
			(error: TenantdeckError) => error.kind,
		),
	);
	await running;
	const started = Date.now();
	await supervisor.shutdown();
	// Logged, not asserted: a busy machine must not fail this; the bench measures shutdown speed.
	t.log(`shutdown took ${Date.now() - started} ms`);
	const settled = await Promise.all(outcomes);
	t.true(settled.includes('cancelled'));
	t.true(settled.every(outcome => outcome === 'rows' || outcome === 'cancelled'), settled.join(','));
	const ledger = await exchangeLedger(sandbox);
	t.is(ledger.open, 0);
	t.is(ledger.opened, ledger.closed);
	t.deepEqual(port.alivePids(), []);
});
