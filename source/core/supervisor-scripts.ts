// The PowerShell the supervisor itself sends around each tenant's script: import, the pieces of a
// tenant's turn (folded into one call by supervisor-turn-script.ts), and the disconnects that clean up
// after a turn that was stopped or failed. The same text runs against the real ExchangeOnlineManagement module and the sandbox's
// stand-in; values always arrive as $Args[0], never inside the text.

import {TenantdeckError, asTenantdeckError} from './errors.js';

// Each tenant gets a fresh runspace inside the warm process: its connection, functions, variables
// and modules live there and are thrown away with it, so nothing one customer's script defines can
// reach the next customer (a `function global:Get-Mailbox` stays in its own runspace). The process's
// own runspace only holds the current tenant's runspace. The helpers below are defined per call.
// The runspaces keep PowerShell's default of a new thread per invocation. Reusing one thread per
// runspace (PSThreadOptions.ReuseThread) halved a custom operation's cost per cmdlet call (1.2-1.4 ->
// 0.6-0.7 ms), but that thread is a foreground thread: the spare and helper runspaces, never disposed,
// kept a process whose tenantdeck was SIGKILLed from ever exiting (the kill matrix caught it): the
// engine host, like pwsh, ends by returning from Main, which waits for every foreground thread.
export const tenantHelpers = String.raw`function Invoke-TdStreaming($ps, [switch]$Shielded) {
	# Output is passed on as it is produced, so rows reach the side channel one by one.
	# Shielded (a connect, a disconnect): a stop of this call lets it run to its end instead of cutting
	# it off, so no connection is opened on the service without the module knowing its id.
	$in = [System.Management.Automation.PSDataCollection[psobject]]::new()
	$in.Complete()
	$out = [System.Management.Automation.PSDataCollection[psobject]]::new()
	$done = $false
	# Shielded calls stream nothing worth having early: one wait, and a stop cannot cut it. Others wake
	# when the call ends or, in a full-language runspace, when it outputs (a forwarder at the end of its
	# pipeline signals each object) instead of polling every 20 ms (each poll is interpreted script: tens
	# of ms of CPU per second of cmdlet); the timeout only bounds how late a stop (Ctrl+C) is noticed.
	# A constrained runspace (a custom operation's) cannot call the signal's method: it is polled.
	$wait = -1
	$signal = $null
	if (-not $Shielded) {
		$wait = 100
		if ($ps.Runspace.SessionStateProxy.LanguageMode -eq [System.Management.Automation.PSLanguageMode]::FullLanguage) {
			$signal = [System.Threading.AutoResetEvent]::new($false)
			$null = $ps.AddScript('param($signal) process { $_; $null = $signal.Set() }', $true).AddArgument($signal)
		} else { $wait = 20 }
	}
	# What was read from the tenant but not yet passed on when a stop cut this short: written to the side
	# channel in finally, so a change the tenant announced or made is never lost to a Ctrl+C.
	$batch = $null
	$base = 0
	try {
		$async = $ps.BeginInvoke($in, $out)
		$handles = if ($null -eq $signal) { [System.Threading.WaitHandle[]]@($async.AsyncWaitHandle) } else { [System.Threading.WaitHandle[]]@($async.AsyncWaitHandle, $signal) }
		while (-not $done) {
			$done = [System.Threading.WaitHandle]::WaitAny($handles, $wait) -eq 0
			# The count before the read: a stop landing between the two statements must not pair this
			# batch with the previous batch's count (that lost the whole batch, 394 rows in one run).
			if ($null -ne $TdPassed) { $base = $TdPassed[0] }
			$batch = $out.ReadAll()
			foreach ($item in $batch) { $item }
			$batch = $null
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
		if (-not $done -and $Shielded -and $null -ne $async) { $null = $async.AsyncWaitHandle.WaitOne() }
		elseif (-not $done) {
			$ps.Stop()
			# Our output pipeline is stopping: what the tenant produced and we did not pass on goes to
			# the side channel directly (Write-TdRecord, protocol.ts), from where it was cut off.
			if ($null -ne $TdPassed -and $null -ne $stream) {
				$from = 0
				if ($null -ne $batch) { $from = [Math]::Max(0, $TdPassed[0] - $base) } else { $batch = @() }
				$held = [System.Collections.Generic.List[object]]::new()
				for ($i = $from; $i -lt $batch.Count; $i++) { $held.Add($batch[$i]) }
				foreach ($item in $out.ReadAll()) { $held.Add($item) }
				foreach ($item in $held) { try { Write-TdRecord $item } catch { } }
			}
		}
		$ps.Dispose()
		if ($null -ne $signal) { $signal.Dispose() }
	}
}
function Invoke-TdTenant([string]$Text, $Argument, [switch]$Shielded) {
	$runspace = $global:TdTenantRunspace
	if ($null -eq $runspace) { throw 'No tenant runspace is open in this PowerShell process.' }
	$ps = [System.Management.Automation.PowerShell]::Create()
	$ps.Runspace = $runspace
	$null = $ps.AddScript($Text, $true).AddArgument($Argument)
	Invoke-TdStreaming $ps -Shielded:$Shielded
}
function Close-TdTenant {
	if ($null -ne $global:TdTenantRunspace) {
		try { $global:TdTenantRunspace.Dispose() } catch { }
		$global:TdTenantRunspace = $null
	}
}
# The next tenant's runspace is made in the background, on a helper runspace of our own that no
# tenant's script ever reaches: a new one opened and the module imported into it. A turn starts it
# once connected (supervisor-turn-script.ts), while the service works; without a spare under way (a
# process's first, a turn that failed to connect) the finished tenant's runspace is disposed there
# first. The tenant takes it with EndInvoke, which waits for exactly that work. (A runspace opened with
# OpenAsync reports Opened before the module import its opening runs has even started, so polling
# its state handed out runspaces mid-import: "a pipeline is already running".)
function Start-TdSpare($Retired) {
	if ($null -ne $global:TdSpare) {
		if ($null -ne $Retired) { try { $Retired.Dispose() } catch { } }
		return
	}
	if ($null -eq $global:TdHelperRunspace) {
		$helper = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
		$helper.Open()
		$global:TdHelperRunspace = $helper
	}
	$maker = [System.Management.Automation.PowerShell]::Create()
	$maker.Runspace = $global:TdHelperRunspace
	# The default session state is built once per process and copied into each new runspace
	# (CreateRunspace clones it): building it is a good part of a runspace's cost.
	# Its type data is one read-only table shared by every tenant's runspace: a runspace loading its own
	# re-registers every member name, which invalidates every compiled member access in the process
	# (each rebound and recompiled). Measured over 300 tenants: PowerShell CPU per tenant 148 -> 121 ms.
	# Shared, Update-TypeData and a module's type files are refused. A module that brings type data of
	# its own cannot load into it: a failed import, or a connect refused for it ($TdOwnTypes, set by
	# Use-TdOwnTypesRunspace), makes every later runspace of the process take a table of its own.
	$null = $maker.AddScript('param($retired, $ownTypes)
if ($null -ne $retired) { try { $retired.Dispose() } catch { } }
if ($ownTypes -and $null -ne $global:TdOwnTypesState) { $global:TdSessionState = $global:TdOwnTypesState }
if ($null -eq $global:TdSessionState) {
	$state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
	$global:TdOwnTypesState = $state.Clone()
	try {
		$files = [System.Collections.Generic.List[string]]::new()
		foreach ($entry in $state.Types) { $files.Add($entry.FileName) }
		$types = [System.Management.Automation.Runspaces.TypeTable]::new($files)
		$state.Types.Clear()
		$state.Types.Add([System.Management.Automation.Runspaces.SessionStateTypeEntry]::new($types))
	} catch { $state = $global:TdOwnTypesState }
	$global:TdSessionState = $state
}
function New-TdImported($state) {
	$runspace = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace($state)
	$runspace.Open()
	$import = [System.Management.Automation.PowerShell]::Create()
	$import.Runspace = $runspace
	# A type file the shared table refuses is an error written, not thrown, whatever -ErrorAction says.
	try { $null = $import.AddScript("Import-Module ExchangeOnlineManagement -MinimumVersion 3.2.0 -ErrorAction Stop").Invoke(); return @($runspace, -not $import.HadErrors) } catch { return @($runspace, $false) } finally { $import.Dispose() }
}
$runspace, $imported = New-TdImported $global:TdSessionState
if (-not $imported -and $global:TdSessionState -ne $global:TdOwnTypesState) {
	$runspace.Dispose()
	$global:TdSessionState = $global:TdOwnTypesState
	$runspace, $imported = New-TdImported $global:TdSessionState
}
# A failed import is left to the connect, which imports again and reports why.
,$runspace').AddArgument($Retired).AddArgument([bool]$global:TdOwnTypes)
	$global:TdSpare = @{ Maker = $maker; Handle = $maker.BeginInvoke() }
}
# The tenant is done with its runspace: it is disposed now if the next one is made or being made
# (a few ms, after the slot is released), otherwise in the background before the next one is made.
function Complete-TdTenant {
	$retired = $global:TdTenantRunspace
	$global:TdTenantRunspace = $null
	Start-TdSpare $retired
}
# The connect was refused because the module it loads brings type data the shared table cannot take
# (see Start-TdSpare): this tenant connects again in a runspace with a table of its own, as will every
# later one in this process. True when that is what happened; the runspace it replaced is disposed.
function Use-TdOwnTypesRunspace($record) {
	if ([string]$record -notmatch 'TypeTable') { return $false }
	$global:TdOwnTypes = $true
	# The refused connect may have opened a connection before it loaded what was refused.
	try { $null = Invoke-TdTenant 'Disconnect-ExchangeOnline -Confirm:$false -ErrorAction Stop' $null -Shielded } catch { }
	Close-TdTenant
	$runspace = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
	$runspace.Open()
	$global:TdTenantRunspace = $runspace
	$true
}
function Get-TdFreshRunspace {
	$spare = $global:TdSpare
	$global:TdSpare = $null
	if ($null -ne $spare) {
		$runspace = $null
		try { $runspace = @($spare.Maker.EndInvoke($spare.Handle))[0] } catch { } finally { $spare.Maker.Dispose() }
		if ($null -ne $runspace) {
			if ($runspace.RunspaceStateInfo.State -eq [System.Management.Automation.Runspaces.RunspaceState]::Opened -and $runspace.RunspaceAvailability -eq [System.Management.Automation.Runspaces.RunspaceAvailability]::Available) { return $runspace }
			try { $runspace.Dispose() } catch { }
		}
	}
	$runspace = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
	$runspace.Open()
	$runspace
}
`;

export const openTenantRunspace = String.raw`Close-TdTenant
$runspace = Get-TdFreshRunspace
$global:TdTenantRunspace = $runspace
`;

// Runs in the tenant's runspace. A fresh runspace holds exactly one connection: the one opened here.
export const connectInTenant = [
	// Script-module functions read preferences from the global scope: a non-terminating error from any
	// Exchange cmdlet becomes terminating even where a script forgot -ErrorAction Stop.
	"$global:ErrorActionPreference = 'Stop'",
	"$global:ProgressPreference = 'SilentlyContinue'",
	"$global:ConfirmPreference = 'None'",
	'$a = $Args[0]',
	// The spare runspace imported the module in the background; a second Import-Module with
	// -MinimumVersion would re-read it on the slot's time. Only a runspace made in a hurry imports here.
	"if (@(Get-Module ExchangeOnlineManagement | Where-Object { $_.Version -ge [version]'3.2.0' }).Count -eq 0) { Import-Module ExchangeOnlineManagement -MinimumVersion 3.2.0 -ErrorAction Stop }",
	// Sovereign clouds name their environment (O365USGovGCCHigh, O365USGovDoD, O365China); worldwide leaves it out.
	'$cloud = @{}; if ($a.environment) { $cloud.ExchangeEnvironmentName = $a.environment }',
	'$token = $a.token',
	// The go (gate-pipe.ts): the tenant's connection slot is free, and its token comes with it. Until
	// then everything above has run before the slot. The pipe closed without a word: tenantdeck
	// withdrew the turn (cancelled, shutting down, gone), and that ends this shielded wait too.
	String.raw`if ($a.gate) {
	$name, $key = $a.gate
	$pipe = [System.IO.Pipes.NamedPipeClientStream]::new('.', $name, [System.IO.Pipes.PipeDirection]::InOut)
	try {
		$pipe.Connect(10000)
		$hello = [System.Text.Encoding]::ASCII.GetBytes($key + [char]10)
		$pipe.Write($hello, 0, $hello.Length)
		$token = [System.IO.StreamReader]::new($pipe).ReadToEnd()
	} finally { $pipe.Dispose() }
	if (-not $token) { throw 'tenantdeck withdrew this turn before it connected.' }
	# The gate opens once: a connect tried again in this turn (Use-TdOwnTypesRunspace) has its go.
	$a.token = $token
	$a.gate = $null
}`,
	// A process's warm-up (supervisor-warm-up.ts; the flag comes only from the supervisor) stops short
	// of the service, after its gate (its go brings no token): it resolves the commands a turn uses and
	// lists this runspace's connections (none: Get-ConnectionInformation reads the process's own
	// state), and connects nothing.
	"if ($a.warmUp) { $null = Get-Command Connect-ExchangeOnline, Disconnect-ExchangeOnline, Get-ConnectionInformation -ErrorAction Stop; if (@(Get-ConnectionInformation -ErrorAction Stop).Count -ne 0) { throw 'A fresh runspace held a connection.' }; return }",
	'$global:Error.Clear()',
	'Connect-ExchangeOnline -DelegatedOrganization $a.organization -AccessToken $token -ShowBanner:$false -SkipLoadingFormatData -CommandName $a.commands -ErrorAction Stop @cloud',
	// Type data refused by the shared table is written as an error, never thrown (Start-TdSpare): said
	// here so the turn connects again in a runspace with a table of its own (Use-TdOwnTypesRunspace).
	"foreach ($record in $global:Error) { if ([string]$record -match 'TypeTable') { throw 'The shared TypeTable refused type data the module loads while connecting.' } }",
	'$new = @(Get-ConnectionInformation -ErrorAction Stop)',
	'if ($new.Count -ne 1) { throw "Connect-ExchangeOnline reported $($new.Count) connections instead of one." }',
	'[string]$new[0].ConnectionId',
].join('\n');

/** 3.2 is the first version with Disconnect-ExchangeOnline -ConnectionId. The first tenant's runspace starts opening at once. */
export const importScript = [tenantHelpers, 'Import-Module ExchangeOnlineManagement -MinimumVersion 3.2.0 -ErrorAction Stop', 'Start-TdSpare $null', "'ready'"].join('\n');

// Returns as soon as the service has the connection closed, with the process's working set: the slot
// is free then, and the runspace's disposal and the next one's making happen in the background.
export const disconnectScript = [
	tenantHelpers,
	// Not in a finally: a disconnect that failed (or was stopped by a Ctrl+C that arrived late) keeps
	// the tenant's runspace, so the supervisor can try it again; on success it is retired.
	// A turn's shielded disconnect may have finished just as a stop ended the call: a connection the
	// module no longer lists is closed already.
	// (The id is named first: inside the Where-Object block $Args would be the block's own.)
	"Invoke-TdTenant '$id = $Args[0]; if (@(Get-ConnectionInformation -ErrorAction Stop | Where-Object { $_.ConnectionId -eq $id }).Count -gt 0) { Disconnect-ExchangeOnline -ConnectionId $id -Confirm:$false -ErrorAction Stop }' $Args[0].connectionId",
	'Complete-TdTenant',
	// What the process holds now: one grown too large is replaced (supervisor-pool.ts).
	'[System.Environment]::WorkingSet',
].join('\n');

/** After a failed connect the runspace may hold a connection whose id we never learnt: close all. */
export const disconnectAllScript = [
	tenantHelpers,
	"try { if ($null -ne $global:TdTenantRunspace) { Invoke-TdTenant 'Disconnect-ExchangeOnline -Confirm:$false -ErrorAction Stop' $null } } finally { Complete-TdTenant }",
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
	// A revoked sign-in stays one: the run starts no further tenants on it (runner.ts).
	return new TenantdeckError(typed.kind, message, {hint: typed.hint, code: typed.code, tenantId, signInLost: typed.signInLost, cause: typed});
}
