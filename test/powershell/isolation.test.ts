// One tenant's PowerShell never reaches the next, and an admin's own script never reaches the token:
// the supervisor over the sandbox with the real engine (or pwsh), one connection so one process
// serves the tenants in turn. Also the stand-in module's error semantics the product relies on.

import {customOperation} from '../../source/core/custom-operation.js';
import {listMailboxes} from '../../source/core/operations/mailboxes-list.js';
import {Supervisor} from '../../source/core/supervisor.js';
import {exchangeDirectory} from '../../source/sandbox/exchange-mailboxes.js';
import {exchangeLog, recordingPort, sandboxAuth, sandboxTenants, startExchangeSandbox, testWithPowerShell} from '../helpers/powershell.js';

const rowsOf = async (iterable: AsyncIterable<Record<string, unknown>>) => {
	const rows: Array<Record<string, unknown>> = [];
	for await (const row of iterable) rows.push(row);
	return rows;
};

testWithPowerShell('a function global:Get-Mailbox defined by one tenant\'s script (custom or not) never reaches the next tenant in the same process', async (t, location) => {
	const sandbox = await startExchangeSandbox({tenants: 3});
	t.teardown(() => sandbox.stop());
	const port = recordingPort(sandbox, location);
	const supervisor = new Supervisor({powershell: port, auth: sandboxAuth(sandbox), maxConnections: 1, spares: 0});
	t.teardown(() => supervisor.shutdown());
	const [first, second, third] = sandboxTenants(sandbox) as [ReturnType<typeof sandboxTenants>[0], ReturnType<typeof sandboxTenants>[0], ReturnType<typeof sandboxTenants>[0]];
	const poison = [
		'# tenantdeck operation', '# title: Poison', '# description: Defines a global Get-Mailbox.', '# risk: read', '# cmdlets: Get-Mailbox', '#',
		"function global:Get-Mailbox { [pscustomobject]@{ PrimarySmtpAddress = 'invented@evil.example'; DisplayName = 'Invented' } }",
		'$global:leaked = "from another customer"',
		'Get-Mailbox',
	].join('\n');
	const {operation} = customOperation({path: '/ops/poison.ps1', name: 'poison.ps1', text: poison});
	const context = (tenant: typeof first) => ({tenant, graph: undefined as never, exchange: supervisor, signal: new AbortController().signal, onRetry: () => {}, onPhase: () => {}, dryRun: false});
	const poisoned = await rowsOf(operation!.run(context(first), {}));
	t.deepEqual(poisoned.map(row => row['PrimarySmtpAddress']), ['invented@evil.example'], 'inside its own runspace the script sees its own function');

	const next = await listMailboxes(supervisor, second, {});
	const expected = exchangeDirectory(sandbox.context.world, sandbox.context.world.customers[1]!).mailboxes.map(mailbox => mailbox.PrimarySmtpAddress);
	t.deepEqual(next.map(row => row['primarySmtpAddress']).sort(), [...expected].sort());

	// A built-in (trusted) script that misbehaved the same way is just as contained: every tenant gets a fresh runspace.
	await supervisor.run({tenant: second, commands: ['Get-Mailbox'], script: "function global:Get-Mailbox { 'invented' }; $global:leaked = 'x'; Import-Module ExchangeOnlineManagement; 1", args: {}});
	const after = await supervisor.run({tenant: third, commands: ['Get-Mailbox'], script: '[pscustomobject]@{ leaked = [string]$global:leaked; getMailbox = [string](Get-Command Get-Mailbox).CommandType; count = @(Get-Mailbox -ResultSize Unlimited -ErrorAction Stop).Count }', args: {}});
	const thirdCount = exchangeDirectory(sandbox.context.world, sandbox.context.world.customers[2]!).mailboxes.length;
	t.deepEqual(after, [{leaked: '', getMailbox: 'Function', count: thirdCount}]);
	// The supervisor's own phase records (a "disconnected" frees a connection slot) are written by a
	// function of the process's own runspace, which no tenant's script can call.
	const forged = await supervisor.run({tenant: third, commands: ['Get-Mailbox'], script: `Write-TdPhaseRecord '{"phase":"disconnected","connectionId":"forged"}'`, args: {}}).then(
		() => 'the script ran',
		(error: Error) => error.message,
	);
	t.regex(forged, /Write-TdPhaseRecord.+not recognized/);
	t.is(port.started.length, 1, 'one warm process served all three tenants');
});

testWithPowerShell('a custom script cannot reach the token or another cmdlet by any route, and token-shaped output is redacted', async (t, location) => {
	const sandbox = await startExchangeSandbox({tenants: 2});
	t.teardown(() => sandbox.stop());
	const port = recordingPort(sandbox, location);
	const supervisor = new Supervisor({powershell: port, auth: sandboxAuth(sandbox), maxConnections: 1, spares: 0});
	t.teardown(() => supervisor.shutdown());
	const [tenant] = sandboxTenants(sandbox);
	const mailbox = exchangeDirectory(sandbox.context.world, sandbox.context.world.customers[0]!).mailboxes[0]!;
	const attempts = [
		['args', '($Args[0].Keys | ForEach-Object { [string]$_ }) -join ","'],
		['module scope', '& (Get-Module ExchangeOnlineManagement) { $script:Connections[0].Token }'],
		['module by command', '& (Get-Command Get-Mailbox).Module { $script:Connections[0].Token }'],
		['proxy module', '& ${function:Get-Mailbox}.Module { $script:Connections[0].Token }'],
		['import', 'Import-Module ExchangeOnlineManagement; (Get-ConnectionInformation).ConnectionId'],
		['connect again', "Connect-ExchangeOnline -DelegatedOrganization $Args[0].tenantId -AccessToken 'x'"],
		['http client', '[System.Net.Http.HttpClient]::new()'],
		['powershell', '[powershell]::Create()'],
		['connected runspace', "$TdConnected.SessionStateProxy.GetVariable('a')"],
		['default runspace', "[runspace]::DefaultRunspace.SessionStateProxy.InvokeCommand.InvokeScript('Get-Module')"],
		['set-mailbox', `Set-Mailbox -Identity '${mailbox.PrimarySmtpAddress}' -HiddenFromAddressListsEnabled $true`],
		['set via get-command', `& (Get-Command Set-Mailbox) -Identity '${mailbox.PrimarySmtpAddress}' -HiddenFromAddressListsEnabled $true`],
		['invoke-command', `Invoke-Command { Set-Mailbox -Identity '${mailbox.PrimarySmtpAddress}' -HiddenFromAddressListsEnabled $true }`],
	];
	const script = [
		'$results = [ordered]@{}',
		...attempts.map(([name, code]) => `try { $results['${name}'] = 'reached: ' + [string]$(${code}) } catch { $results['${name}'] = 'refused: ' + $_.Exception.Message }`),
		'$results',
		"[pscustomobject]@{ jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXRoYXQ'; bearer = 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345'; plain = 'no secret here' }",
	].join('\n');
	const since = (await exchangeLog(sandbox)).length;
	const rows = await supervisor.run({tenant: tenant!, commands: ['Get-Mailbox'], script, args: {tenantId: tenant!.tenantId}, isolated: true});
	const results = rows[0]!;
	t.log(results);
	t.is(results['args'], 'reached: tenantId', 'the script gets its parameters and nothing else');
	for (const [name] of attempts.slice(1)) t.regex(String(results[name]), /^refused: /, `${name}: ${String(results[name])}`);
	t.deepEqual(rows[1], {jwt: '[redacted]', bearer: 'Authorization: [redacted]', plain: 'no secret here'});
	const calls = (await exchangeLog(sandbox)).slice(since);
	t.deepEqual(calls.map(call => call.cmdlet), ['Connect-ExchangeOnline', 'Disconnect-ExchangeOnline'], 'no cmdlet reached the service, and no second connection');
	t.false(mailbox.HiddenFromAddressListsEnabled);
	t.false(JSON.stringify(rows).includes('sbx.at.'));
});

testWithPowerShell('the stand-in writes a cmdlet\'s own failure as a non-terminating error, as the real module does; -ErrorAction Stop makes it catchable', async (t, location) => {
	const sandbox = await startExchangeSandbox({tenants: 1});
	t.teardown(() => sandbox.stop());
	const supervisor = new Supervisor({powershell: recordingPort(sandbox, location), auth: sandboxAuth(sandbox), maxConnections: 1, spares: 0});
	t.teardown(() => supervisor.shutdown());
	const [tenant] = sandboxTenants(sandbox);
	const mailbox = exchangeDirectory(sandbox.context.world, sandbox.context.world.customers[0]!).mailboxes[0]!;
	sandbox.context.knobs.exchangeFailMailboxes = [mailbox.PrimarySmtpAddress];
	const rows = await supervisor.run({
		tenant: tenant!,
		commands: ['Get-Mailbox', 'Set-Mailbox'],
		script: [
			'$address = $Args[0].address',
			'Set-Mailbox -Identity $address -HiddenFromAddressListsEnabled $true -ErrorAction Continue -ErrorVariable problem',
			"[pscustomobject]@{ step = 'continued'; error = [string]$problem[0] }",
			"try { Set-Mailbox -Identity $address -HiddenFromAddressListsEnabled $true -ErrorAction Stop; [pscustomobject]@{ step = 'not caught' } } catch { [pscustomobject]@{ step = 'caught'; error = $_.Exception.Message } }",
		].join('\n'),
		args: {address: mailbox.PrimarySmtpAddress},
	});
	t.deepEqual(rows.map(row => row['step']), ['continued', 'caught']);
	for (const row of rows) t.regex(String(row['error']), /MailboxUnavailableException\|Cannot open mailbox/);
	t.false(mailbox.HiddenFromAddressListsEnabled);
});
