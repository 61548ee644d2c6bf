// Each tenant's fresh runspace is made in the background while the one before it works, and handed
// over only once made. Asking for it the moment its making began is where a runspace still opening,
// or still importing the module, would be handed out: PowerShell then refuses the tenant's first
// pipeline with "a pipeline is already running". Before the fix (OpenAsync with the module in the
// InitialSessionState, and a poll of the runspace's state) this very loop saw 2 of 60 runspaces
// refuse a pipeline and 14 of 60 handed out before their module was loaded.

import {cp, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {sandboxModuleRoot} from '../../source/adapters/powershell/find-powershell.js';
import {createPowerShellPort} from '../../source/adapters/powershell/powershell-port.js';
import {listMailboxes} from '../../source/core/operations/mailboxes-list.js';
import {Supervisor} from '../../source/core/supervisor.js';
import {importScript, tenantHelpers} from '../../source/core/supervisor-scripts.js';
import {exchangeLedger, sandboxAuth, sandboxTenants, startExchangeSandbox, testWithPowerShell} from '../helpers/powershell.js';

const rounds = 40;

// The product's own helpers, called back to back with no pause: finish a tenant, take the next runspace.
const backToBack = [
	tenantHelpers,
	`$results = foreach ($round in 1..$Args[0].rounds) {
	Complete-TdTenant
	$runspace = Get-TdFreshRunspace
	$global:TdTenantRunspace = $runspace
	$ready = $runspace.RunspaceStateInfo.State.ToString() + '/' + $runspace.RunspaceAvailability.ToString()
	$ps = [System.Management.Automation.PowerShell]::Create()
	$ps.Runspace = $runspace
	try {
		$inside = @($ps.AddScript('$seen = [string]$global:TdLeftBehind; $global:TdLeftBehind = ''set''; @(Get-Module ExchangeOnlineManagement).Count; $seen').Invoke())
		[pscustomobject]@{ ready = $ready; moduleLoaded = ($inside[0] -eq 1); leftBehind = [string]$inside[1]; refused = '' }
	} catch {
		[pscustomobject]@{ ready = $ready; moduleLoaded = $false; leftBehind = ''; refused = $_.Exception.Message }
	} finally { $ps.Dispose() }
}
$results`,
].join('\n');

testWithPowerShell(`${rounds} fresh runspaces asked for the moment their making began: each is open, free, has the module and holds nothing of the one before`, async (t, location) => {
	const session = await createPowerShellPort({sandboxUrl: 'http://127.0.0.1:9', configuredPath: location.path}).start();
	t.teardown(() => session.kill());
	await session.invoke(importScript, {}, {timeoutMs: 120_000});
	const {data} = await session.invoke(backToBack, {rounds}, {timeoutMs: 120_000});
	const rows = data as Array<{ready: string; moduleLoaded: boolean; leftBehind: string; refused: string}>;
	t.is(rows.length, rounds);
	t.deepEqual(rows.filter(row => row.refused), [], 'no runspace refused a pipeline');
	t.deepEqual(rows.filter(row => row.ready !== 'Opened/Available'), [], 'each was open and free when handed over');
	t.deepEqual(rows.filter(row => !row.moduleLoaded), [], 'each had the module loaded before the tenant asked');
	t.deepEqual(rows.filter(row => row.leftBehind), [], 'none saw what the one before set');
});

// Every tenant's runspace shares one read-only type table (supervisor-scripts.ts, Start-TdSpare): a
// module bringing type data of its own cannot load into it, so the process falls back to a table per
// runspace. A module release that adds TypesToProcess must still connect, with its type data there.
testWithPowerShell('a module that brings type data of its own still loads into each fresh runspace, its type data with it', async (t, location) => {
	const moduleRoot = await mkdtemp(join(tmpdir(), 'tenantdeck-types-module-'));
	t.teardown(() => rm(moduleRoot, {recursive: true, force: true}));
	const from = join(sandboxModuleRoot(), 'ExchangeOnlineManagement');
	const to = join(moduleRoot, 'ExchangeOnlineManagement');
	await cp(from, to, {recursive: true});
	const manifest = await readFile(join(to, 'ExchangeOnlineManagement.psd1'), 'utf8');
	await writeFile(join(to, 'ExchangeOnlineManagement.psd1'), manifest.replace("RootModule = 'ExchangeOnlineManagement.psm1'", "RootModule = 'ExchangeOnlineManagement.psm1'\n\tTypesToProcess = @('Tenantdeck.Test.types.ps1xml')"));
	await writeFile(
		join(to, 'Tenantdeck.Test.types.ps1xml'),
		'<Types><Type><Name>System.String</Name><Members><ScriptProperty><Name>TdTestMarker</Name><GetScriptBlock>"marked"</GetScriptBlock></ScriptProperty></Members></Type></Types>',
	);
	const session = await createPowerShellPort({sandboxUrl: 'http://127.0.0.1:9', configuredPath: location.path, moduleRoot}).start();
	t.teardown(() => session.kill());
	await session.invoke(importScript, {}, {timeoutMs: 120_000});
	const probe = [
		tenantHelpers,
		`foreach ($round in 1..3) {
	Complete-TdTenant
	$global:TdTenantRunspace = Get-TdFreshRunspace
	$ps = [System.Management.Automation.PowerShell]::Create()
	$ps.Runspace = $global:TdTenantRunspace
	try { [string]@($ps.AddScript('[string]@(Get-Module ExchangeOnlineManagement).Count + "/" + "x".TdTestMarker').Invoke())[0] } finally { $ps.Dispose() }
}`,
	].join('\n');
	const {data} = await session.invoke(probe, {}, {timeoutMs: 120_000});
	t.deepEqual(data, ['1/marked', '1/marked', '1/marked'], 'each runspace has the module and the type data it brought');
});

// The same at connect time: ExchangeOnlineManagement loads a module it generates while connecting.
// Should that one bring type data, the shared table refuses it with an error that is written, not
// thrown; the connect says so, and the turn connects again in a runspace with a table of its own.
testWithPowerShell('a connect that loads type data of its own connects again in a runspace of its own: every tenant served, nothing left open', async (t, location) => {
	const moduleRoot = await mkdtemp(join(tmpdir(), 'tenantdeck-types-connect-'));
	t.teardown(() => rm(moduleRoot, {recursive: true, force: true}));
	const to = join(moduleRoot, 'ExchangeOnlineManagement');
	await cp(join(sandboxModuleRoot(), 'ExchangeOnlineManagement'), to, {recursive: true});
	const psm1 = join(to, 'ExchangeOnlineManagement.psm1');
	const text = await readFile(psm1, 'utf8');
	const connected = '\t$script:NextId++\n';
	t.true(text.includes(connected), 'the stand-in still counts its connections where this test expects');
	// After the service has the connection open, as a generated module would be loaded.
	await writeFile(psm1, text.replace(connected, `${connected}\tImport-Module ([System.IO.Path]::Combine($PSScriptRoot, 'Generated')) -Global -ErrorAction Stop\n`));
	await mkdir(join(to, 'Generated'));
	await writeFile(join(to, 'Generated', 'Generated.psd1'), "@{ RootModule = 'Generated.psm1'; ModuleVersion = '1.0.0'; TypesToProcess = @('Generated.types.ps1xml'); FunctionsToExport = @() }");
	await writeFile(join(to, 'Generated', 'Generated.psm1'), '');
	await writeFile(join(to, 'Generated', 'Generated.types.ps1xml'), '<Types><Type><Name>System.String</Name><Members><NoteProperty><Name>TdGenerated</Name><Value>1</Value></NoteProperty></Members></Type></Types>');
	const sandbox = await startExchangeSandbox({tenants: 5});
	t.teardown(() => sandbox.stop());
	const port = createPowerShellPort({sandboxUrl: sandbox.url, configuredPath: location.path, moduleRoot});
	const supervisor = new Supervisor({powershell: port, auth: sandboxAuth(sandbox), maxConnections: 1, spares: 0});
	t.teardown(() => supervisor.shutdown());
	const tenants = sandboxTenants(sandbox);
	const results = await Promise.allSettled(tenants.map(tenant => listMailboxes(supervisor, tenant, {})));
	t.deepEqual(
		results.flatMap(result => (result.status === 'rejected' ? [String(result.reason)] : [])),
		[],
		'every tenant was served',
	);
	await supervisor.shutdown();
	const ledger = await exchangeLedger(sandbox);
	t.is(ledger.open, 0, 'the refused connect was closed too');
	// One process: its first tenant met the shared table and connected again; the rest had tables of their own.
	t.is(ledger.opened, tenants.length + 1, 'the first tenant connected twice, every other once');
});
