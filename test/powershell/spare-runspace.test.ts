// Each tenant's fresh runspace is made in the background while the one before it works, and handed
// over only once made. Asking for it the moment its making began is where a runspace still opening,
// or still importing the module, would be handed out: PowerShell then refuses the tenant's first
// pipeline with "a pipeline is already running". Before the fix (OpenAsync with the module in the
// InitialSessionState, and a poll of the runspace's state) this very loop saw 2 of 60 runspaces
// refuse a pipeline and 14 of 60 handed out before their module was loaded.

import {createPowerShellPort} from '../../source/adapters/powershell/powershell-port.js';
import {importScript, tenantHelpers} from '../../source/core/supervisor-scripts.js';
import {testWithPowerShell} from '../helpers/powershell.js';

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
