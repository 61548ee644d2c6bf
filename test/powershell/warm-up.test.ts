// The warm-up each process runs before its first tenant (supervisor-warm-up.ts), with the real
// engine host and the stand-in module against the sandbox: it runs a turn's code without the
// service — not one request reaches Exchange, no connection is opened — and the process it warmed
// then serves tenants as usual; a shutdown in the middle of it leaves no process behind.

import {listMailboxes} from '../../source/core/operations/mailboxes-list.js';
import {Supervisor} from '../../source/core/supervisor.js';
import {isWarmUp} from '../../source/core/supervisor-warm-up.js';
import {exchangeDirectory} from '../../source/sandbox/exchange-mailboxes.js';
import {exchangeLedger, exchangeLog, recordingPort, sandboxAuth, sandboxTenants, startExchangeSandbox, testWithPowerShell, type RecordingPort} from '../helpers/powershell.js';

/** Resolves when a process of this port begins its warm-up; counts those that answered. */
function watchWarmUps(port: RecordingPort): {began: Promise<void>; answered: () => number} {
	let begin!: () => void;
	const began = new Promise<void>(resolve => (begin = resolve));
	let answered = 0;
	const start = port.start.bind(port);
	port.start = async () => {
		const session = await start();
		const invoke = session.invoke.bind(session);
		session.invoke = async (script, args, options) => {
			if (!isWarmUp(args)) return invoke(script, args, options);
			begin();
			const result = await invoke(script, args, options);
			answered++;
			return result;
		};
		return session;
	};
	return {began, answered: () => answered};
}

testWithPowerShell('a warmed process has run a turn without the service: no request reached Exchange, then it serves its tenants', async (t, location) => {
	const sandbox = await startExchangeSandbox({tenants: 2});
	t.teardown(() => sandbox.stop());
	const port = recordingPort(sandbox, location);
	const warmUps = watchWarmUps(port);
	const supervisor = new Supervisor({powershell: port, auth: sandboxAuth(sandbox), maxConnections: 1, spares: 0});
	t.teardown(() => supervisor.shutdown());
	const ready = new Promise<void>(resolve => {
		const stop = supervisor.onStatus(status => {
			if (status.idle < 1) return;
			stop();
			resolve();
		});
	});
	supervisor.warm();
	await ready;
	t.is(warmUps.answered(), 1, 'the warm-up ran and answered');
	t.deepEqual(await exchangeLog(sandbox), [], 'not one request reached the Exchange service');
	t.like(await exchangeLedger(sandbox), {opened: 0, open: 0});

	const [warmed] = supervisor.pids();
	for (const [index, tenant] of sandboxTenants(sandbox).entries()) {
		const rows = await listMailboxes(supervisor, tenant, {});
		const expected = exchangeDirectory(sandbox.context.world, sandbox.context.world.customers[index]!).mailboxes.map(mailbox => mailbox.PrimarySmtpAddress);
		t.deepEqual(rows.map(row => row['primarySmtpAddress']).sort(), [...expected].sort());
	}
	t.is(port.sessionOf(sandboxTenants(sandbox)[0]!.tenantId)?.pid, warmed, 'the warmed process served the first tenant');
	await supervisor.shutdown();
	t.like(await exchangeLedger(sandbox), {opened: 2, closed: 2, open: 0});
	t.deepEqual(port.alivePids(), []);
});

testWithPowerShell('a shutdown during the warm-up leaves no process and no connection', async (t, location) => {
	const sandbox = await startExchangeSandbox({tenants: 1});
	t.teardown(() => sandbox.stop());
	const port = recordingPort(sandbox, location);
	const warmUps = watchWarmUps(port);
	const supervisor = new Supervisor({powershell: port, auth: sandboxAuth(sandbox), maxConnections: 1, spares: 0});
	supervisor.warm();
	await warmUps.began;
	await supervisor.shutdown();
	t.true(port.started.length >= 1);
	t.deepEqual(port.alivePids(), []);
	t.like(await exchangeLedger(sandbox), {opened: 0, open: 0});
});

// The stand-in module rehearses a turn on canned answers at every import (each tenant's fresh
// runspace), so its script is compiled before the tenant's slot: the rehearsal must stay invisible.
testWithPowerShell('each import of the stand-in rehearses a turn without a trace: no request, no connection held, connections numbered from 1', async (t, location) => {
	const sandbox = await startExchangeSandbox({tenants: 1});
	t.teardown(() => sandbox.stop());
	const session = await recordingPort(sandbox, location).start();
	t.teardown(() => session.kill());
	const call = {timeoutMs: 60_000};
	const imports = String.raw`$global:TdRunspaces = foreach ($i in 1..2) {
	$runspace = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
	$runspace.Open()
	$runspace
}
foreach ($runspace in $global:TdRunspaces) {
	$ps = [powershell]::Create(); $ps.Runspace = $runspace
	$ps.AddScript('Import-Module ExchangeOnlineManagement -ErrorAction Stop; [pscustomobject]@{ failure = [string](& (Get-Module ExchangeOnlineManagement) { $script:RehearsalFailure }); connections = @(Get-ConnectionInformation).Count }').Invoke()
	$ps.Dispose()
}`;
	// The first import in a process also warms its HTTP stack on the sandbox's control surface (a POST and a DELETE).
	await session.invoke('Import-Module ExchangeOnlineManagement -ErrorAction Stop', {}, call);
	const requestsBefore = sandbox.stats().requests;
	const rehearsed = (await session.invoke(imports, {}, call)).data;
	t.deepEqual(rehearsed, [{failure: '', connections: 0}, {failure: '', connections: 0}], 'each import rehearsed without failing and holds no connection');
	t.is(sandbox.stats().requests, requestsBefore, 'the rehearsals sent no request');

	const tenant = sandboxTenants(sandbox)[0]!;
	const token = await sandboxAuth(sandbox).token('exchange', tenant.tenantId);
	const connect = String.raw`$ps = [powershell]::Create(); $ps.Runspace = $global:TdRunspaces[1]
$ps.AddScript('Connect-ExchangeOnline -DelegatedOrganization $Args[0] -AccessToken $Args[1] -ShowBanner:$false -ErrorAction Stop; $c = @(Get-ConnectionInformation); Disconnect-ExchangeOnline -Confirm:$false -ErrorAction Stop; [pscustomobject]@{ count = $c.Count; name = $c[0].Name; id = $c[0].ConnectionId }').AddArgument($Args[0].organization).AddArgument($Args[0].token).Invoke()
$ps.Dispose()`;
	const connected = (await session.invoke(connect, {organization: tenant.tenantDomain, token}, {...call, secrets: [token]})).data as Array<{count: number; name: string; id: string}>;
	const log = await exchangeLog(sandbox);
	t.deepEqual(log.map(entry => entry.cmdlet), ['Connect-ExchangeOnline', 'Disconnect-ExchangeOnline'], 'only the real connect and disconnect reached the service');
	t.deepEqual(connected, [{count: 1, name: 'ExchangeOnline_1', id: log[0]!.connectionId!}], 'the real connection is the only one, numbered from 1');
	t.like(await exchangeLedger(sandbox), {opened: 1, closed: 1, open: 0});
});
