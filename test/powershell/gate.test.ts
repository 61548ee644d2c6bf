// A tenant's turn is sent before its connection slot is free and waits at its call's gate
// (supervisor-tenant.ts, gate-pipe.ts): with the real engine, the wait is not mistaken for a hang,
// the connect starts only once the slot is free, and a tenant cancelled while it waits leaves
// nothing behind.

import type {TenantdeckError} from '../../source/core/errors.js';
import {listMailboxes} from '../../source/core/operations/mailboxes-list.js';
import {Supervisor} from '../../source/core/supervisor.js';
import type {PowerShellPort} from '../../source/core/supervisor-ports.js';
import {exchangeLedger, exchangeLog, recordingPort, sandboxAuth, sandboxTenants, startExchangeSandbox, testWithPowerShell, type RecordingPort} from '../helpers/powershell.js';

/** The port, and when each tenant's turn was sent to a process (resolves at that moment). */
function announcing(inner: RecordingPort): PowerShellPort & {sent(tenantId: string): Promise<number>} {
	const sent = new Map<string, {at: Promise<number>; resolve: (at: number) => void}>();
	const entry = (tenantId: string) => {
		let found = sent.get(tenantId);
		if (!found) {
			let resolve!: (at: number) => void;
			found = {at: new Promise<number>(done => (resolve = done)), resolve};
			sent.set(tenantId, found);
		}
		return found;
	};
	return {
		sent: tenantId => entry(tenantId).at,
		async start() {
			const session = await inner.start();
			const invoke = session.invoke.bind(session);
			session.invoke = (script, args, options) => {
				const organization = (args['connect'] as Record<string, unknown> | undefined)?.['organization'];
				if (typeof organization === 'string') entry(organization).resolve(Date.now());
				return invoke(script, args, options);
			};
			return session;
		},
	};
}

/** Resolves once the supervisor has a process ready for each connection and the spare. */
const warmed = (supervisor: Supervisor, processes: number) =>
	new Promise<void>(resolve => {
		const stop = supervisor.onStatus(status => {
			if (status.warming === 0 && status.idle >= processes) {
				stop();
				resolve();
			}
		});
		supervisor.warm();
	});

testWithPowerShell('a tenant queued for the one connection slot waits at its gate: sent before the slot is free, never timed out for the wait, connected only after the first disconnects', async (t, location) => {
	// The first tenant holds the only slot for 10 s of cmdlet; the connect's deadline is 8 s (on a
	// loaded machine a cold connect alone has taken more than 1.5 s).
	const sandbox = await startExchangeSandbox({tenants: 2, exchangeCmdletMs: 10_000});
	t.teardown(() => sandbox.stop());
	const recording = recordingPort(sandbox, location);
	const port = announcing(recording);
	const supervisor = new Supervisor({powershell: port, auth: sandboxAuth(sandbox), maxConnections: 1, spares: 1, timeouts: {connectMs: 8000}});
	t.teardown(() => supervisor.shutdown());
	await warmed(supervisor, 2);
	const tenants = sandboxTenants(sandbox);
	const phases: string[] = [];
	const runs = tenants.map(tenant => listMailboxes(supervisor, tenant, {}, {onPhase: phase => phases.push(`${tenant.tenantId} ${phase}`)}));
	const sentAt = await Promise.all(tenants.map(tenant => port.sent(tenant.tenantId)));
	const rows = await Promise.all(runs);
	t.true(rows.every(found => found.length > 0));
	// Whichever turn reached its gate first had the slot; the other was told "connecting" only once
	// it had the slot, after the first tenant's connection closed.
	const holder = phases[0]!.split(' ')[0]!;
	const queued = tenants.find(tenant => tenant.tenantId !== holder)!.tenantId;
	t.deepEqual(phases, [`${holder} connecting`, `${holder} running`, `${queued} connecting`, `${queued} running`]);
	const log = await exchangeLog(sandbox);
	const holderClosed = log.find(entry => entry.cmdlet === 'Disconnect-ExchangeOnline' && entry.tenantId === holder)!;
	const queuedConnect = log.find(entry => entry.cmdlet === 'Connect-ExchangeOnline' && entry.tenantId === queued)!;
	t.true(queuedConnect.seq > holderClosed.seq, 'the queued connect reached the service after the first disconnect');
	// Both turns were sent at once; waiting longer than the connect's deadline, at the gate, was not a timeout.
	const waited = Date.parse(queuedConnect.at) - sentAt[tenants.findIndex(tenant => tenant.tenantId === queued)]!;
	t.true(waited > 8000, `waited ${waited} ms at the gate`);
	await supervisor.shutdown();
	const ledger = await exchangeLedger(sandbox);
	t.like(ledger, {peak: 1, opened: 2, closed: 2, open: 0, refused: 0});
	t.deepEqual(recording.alivePids(), []);
});

testWithPowerShell('a tenant cancelled while it waits at its gate fails as cancelled, never connects, and the next tenant is served', async (t, location) => {
	const sandbox = await startExchangeSandbox({tenants: 3, exchangeCmdletMs: 2000});
	t.teardown(() => sandbox.stop());
	const recording = recordingPort(sandbox, location);
	const port = announcing(recording);
	const supervisor = new Supervisor({powershell: port, auth: sandboxAuth(sandbox), maxConnections: 1, spares: 1});
	t.teardown(() => supervisor.shutdown());
	await warmed(supervisor, 2);
	const [first, waiting, next] = sandboxTenants(sandbox);
	const cancel = new AbortController();
	let firstRunning!: () => void;
	const running = new Promise<void>(resolve => (firstRunning = resolve));
	const firstRun = listMailboxes(supervisor, first!, {}, {onPhase: phase => phase === 'running' && firstRunning()});
	await running;
	// Its turn goes to the spare process and waits at its gate for the slot the first tenant holds.
	const atGate = new Promise<void>(resolve => {
		const stop = supervisor.onStatus(status => status.waiting > 0 && (stop(), resolve()));
	});
	const cancelled = listMailboxes(supervisor, waiting!, {}, {signal: cancel.signal}).then(
		() => 'served',
		(error: TenantdeckError) => error.kind,
	);
	await atGate;
	cancel.abort();
	t.is(await cancelled, 'cancelled');
	// The process it waited in was asked to stop, so it is not handed to anyone else: it is gone.
	t.false(recording.sessionOf(waiting!.tenantId)!.alive);
	t.true((await firstRun).length > 0);
	t.true((await listMailboxes(supervisor, next!, {})).length > 0);
	await supervisor.shutdown();
	const connects = (await exchangeLog(sandbox)).filter(entry => entry.cmdlet === 'Connect-ExchangeOnline').map(entry => entry.tenantId);
	t.deepEqual(connects, [first!.tenantId, next!.tenantId]);
	t.like(await exchangeLedger(sandbox), {peak: 1, open: 0});
	t.deepEqual(recording.alivePids(), []);
});
