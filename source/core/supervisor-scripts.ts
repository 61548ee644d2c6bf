// The PowerShell the supervisor itself sends around each tenant's script: import, connect,
// disconnect. The same text runs against the real ExchangeOnlineManagement module and the sandbox's
// stand-in; values always arrive as $Args[0], never inside the text.

import {TenantdeckError, asTenantdeckError} from './errors.js';


// Each tenant gets a fresh runspace inside the warm process: its connection, functions, variables
// and modules live there and are thrown away with it, so nothing one customer's script defines can
// reach the next customer (a `function global:Get-Mailbox` stays in its own runspace). The process's
// own runspace only holds the current tenant's runspace. The helpers below are defined per call.
export const tenantHelpers = String.raw`function Invoke-TdStreaming($ps) {
	# Output is passed on as it is produced (BeginInvoke + polling), so rows reach the side channel one by one.
	$in = [System.Management.Automation.PSDataCollection[psobject]]::new()
	$in.Complete()
	$out = [System.Management.Automation.PSDataCollection[psobject]]::new()
	$done = $false
	try {
		$async = $ps.BeginInvoke($in, $out)
		while (-not $done) {
			$done = $async.AsyncWaitHandle.WaitOne(20)
			foreach ($item in $out.ReadAll()) { $item }
			foreach ($warning in $ps.Streams.Warning.ReadAll()) { $warning }
		}
		$info = $ps.InvocationStateInfo
		if ($info.State -eq [System.Management.Automation.PSInvocationState]::Failed) {
			$reason = $info.Reason
			if ($reason -is [System.Management.Automation.IContainsErrorRecord] -and $null -ne $reason.ErrorRecord) { throw $reason.ErrorRecord }
			throw $reason
		}
	} finally {
		# Stopped from outside (cancel, Ctrl+C): stop the tenant's pipeline too, as pwsh would.
		if (-not $done) { $ps.Stop() }
		$ps.Dispose()
	}
}
function Invoke-TdTenant([string]$Text, $Argument) {
	$runspace = $global:TdTenantRunspace
	if ($null -eq $runspace) { throw 'No tenant runspace is open in this PowerShell process.' }
	$ps = [System.Management.Automation.PowerShell]::Create()
	$ps.Runspace = $runspace
	$null = $ps.AddScript($Text, $true).AddArgument($Argument)
	Invoke-TdStreaming $ps
}
function Close-TdTenant {
	if ($null -ne $global:TdTenantRunspace) {
		try { $global:TdTenantRunspace.Dispose() } catch { }
		$global:TdTenantRunspace = $null
	}
}
# The next tenant's runspace opens in the background while this process waits for
# its next tenant, so a fresh runspace costs the tenant almost nothing.
function New-TdSpare {
	if ($null -ne $global:TdSpareRunspace) { return }
	$state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
	$spare = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace($state)
	$spare.OpenAsync()
	$global:TdSpareRunspace = $spare
}
function Get-TdFreshRunspace {
	$runspace = $global:TdSpareRunspace
	$global:TdSpareRunspace = $null
	if ($null -ne $runspace) {
		# Wait until it is open and free (a pipeline may not start while the runspace is busy).
		while ($runspace.RunspaceStateInfo.State -eq [System.Management.Automation.Runspaces.RunspaceState]::BeforeOpen -or $runspace.RunspaceStateInfo.State -eq [System.Management.Automation.Runspaces.RunspaceState]::Opening -or
			($runspace.RunspaceStateInfo.State -eq [System.Management.Automation.Runspaces.RunspaceState]::Opened -and $runspace.RunspaceAvailability -ne [System.Management.Automation.Runspaces.RunspaceAvailability]::Available)) { $null = [System.Threading.Thread]::Sleep(5) }
		if ($runspace.RunspaceStateInfo.State -eq [System.Management.Automation.Runspaces.RunspaceState]::Opened) { return $runspace }
		try { $runspace.Dispose() } catch { }
	}
	$runspace = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
	$runspace.Open()
	$runspace
}
`;

const openTenantRunspace = String.raw`Close-TdTenant
$runspace = Get-TdFreshRunspace
$global:TdTenantRunspace = $runspace
`;

// Runs in the tenant's runspace. A fresh runspace holds exactly one connection: the one opened here.
const connectInTenant = [
	// Script-module functions read preferences from the global scope: a non-terminating error from any
	// Exchange cmdlet becomes terminating even where a script forgot -ErrorAction Stop.
	"$global:ErrorActionPreference = 'Stop'",
	"$global:ProgressPreference = 'SilentlyContinue'",
	"$global:ConfirmPreference = 'None'",
	'$a = $Args[0]',
	// Imported once per runspace: a second Import-Module with -MinimumVersion re-reads the module.
	"if (@(Get-Module ExchangeOnlineManagement | Where-Object { $_.Version -ge [version]'3.2.0' }).Count -eq 0) { Import-Module ExchangeOnlineManagement -MinimumVersion 3.2.0 -ErrorAction Stop }",
	// Sovereign clouds name their environment (O365USGovGCCHigh, O365USGovDoD, O365China); worldwide leaves it out.
	'$cloud = @{}; if ($a.environment) { $cloud.ExchangeEnvironmentName = $a.environment }',
	'Connect-ExchangeOnline -DelegatedOrganization $a.organization -AccessToken $a.token -ShowBanner:$false -SkipLoadingFormatData -CommandName $a.commands -ErrorAction Stop @cloud',
	'$new = @(Get-ConnectionInformation -ErrorAction Stop)',
	"if ($new.Count -ne 1) { throw \"Connect-ExchangeOnline reported $($new.Count) connections instead of one.\" }",
	'[string]$new[0].ConnectionId',
].join('\n');

/** 3.2 is the first version with Disconnect-ExchangeOnline -ConnectionId. The first tenant's runspace starts opening at once. */
export const importScript = [tenantHelpers, "Import-Module ExchangeOnlineManagement -MinimumVersion 3.2.0 -ErrorAction Stop", 'New-TdSpare', "'ready'"].join('\n');

export const connectScript = [
	tenantHelpers,
	openTenantRunspace,
	`Invoke-TdTenant '${connectInTenant.replace(/'/g, "''")}' $Args[0]`,
].join('\n');

// Trusted (built-in) scripts run in the tenant's runspace as they are.
export const runScript = [tenantHelpers, `Invoke-TdTenant $Args[0].script $Args[0].args`].join('\n');

export const disconnectScript = [
	tenantHelpers,
	'try { Invoke-TdTenant \'Disconnect-ExchangeOnline -ConnectionId $Args[0] -Confirm:$false -ErrorAction Stop\' $Args[0].connectionId } finally { Close-TdTenant; New-TdSpare }',
].join('\n');

/** After a failed connect the runspace may hold a connection whose id we never learnt: close all. */
export const disconnectAllScript = [
	tenantHelpers,
	"try { if ($null -ne $global:TdTenantRunspace) { Invoke-TdTenant 'Disconnect-ExchangeOnline -Confirm:$false -ErrorAction Stop' $null } } finally { Close-TdTenant; New-TdSpare }",
].join('\n');

/** Turns what PowerShell said into the failure a partner admin can act on. */
export function exchangeError(error: unknown, tenantId: string | undefined, phase: 'warm' | 'connect' | 'run' | 'disconnect'): TenantdeckError {
	const typed = asTenantdeckError(error);
	const message = typed.message;
	if (typed.kind === 'timeout' || typed.kind === 'cancelled') {
		return new TenantdeckError(typed.kind, message, {hint: typed.hint, tenantId, cause: typed});
	}
	if (phase === 'warm' && /ExchangeOnlineManagement|no valid module file/i.test(message)) {
		return new TenantdeckError('powershell', 'The ExchangeOnlineManagement module (3.2 or later) is not installed for this PowerShell.', {
			hint: 'In pwsh run: Install-Module ExchangeOnlineManagement -Scope CurrentUser (or Update-Module ExchangeOnlineManagement).',
			tenantId,
			cause: typed,
		});
	}
	if (/maximum number of \d+ concurrent/i.test(message)) {
		return new TenantdeckError('throttled', message, {
			hint: 'Another Exchange PowerShell session of this account is open elsewhere; close it, or lower --max-sessions.',
			tenantId,
			cause: typed,
		});
	}
	if (/\b403\b|forbidden|access ?denied|not authori[sz]ed|unauthori[sz]ed/i.test(message)) {
		return new TenantdeckError('forbidden', message, {
			hint: 'The GDAP relationship with this customer needs the Exchange Administrator role.',
			tenantId,
			cause: typed,
		});
	}
	return new TenantdeckError(typed.kind, message, {hint: typed.hint, code: typed.code, tenantId, cause: typed});
}
