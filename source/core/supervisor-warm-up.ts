// A process's first tenant paid for everything PowerShell does once per process: parsing and
// compiling the turn's scripts, JIT-compiling the engine's paths for a nested runspace and streamed
// output, resolving the module's commands, the row mapping. Measured (bench/exchange-cold-turn.ts):
// about 0.9 s on the slot's time against 0.15 s for later turns. The warm-up does that work once when
// the process is warmed (before any tenant needs it), doing everything a turn does except talking to
// the service: it opens no connection and sends nothing, so it needs no token and is safe with the
// real ExchangeOnlineManagement module (Get-Command and Get-ConnectionInformation only read the
// process's own state).

import {connectInTenant, openTenantRunspace, tenantHelpers} from './supervisor-scripts.js';

// Runs in the tenant runspace like connectInTenant, up to (not including) Connect-ExchangeOnline: the
// preferences, the module check, the command lookups a connect and a disconnect make.
const touchModule = String.raw`$global:ErrorActionPreference = 'Stop'
$global:ProgressPreference = 'SilentlyContinue'
$global:ConfirmPreference = 'None'
$a = $Args[0]
if (@(Get-Module ExchangeOnlineManagement | Where-Object { $_.Version -ge [version]'3.2.0' }).Count -eq 0) { Import-Module ExchangeOnlineManagement -MinimumVersion 3.2.0 -ErrorAction Stop }
$cloud = @{}; if ($a.environment) { $cloud.ExchangeEnvironmentName = $a.environment }
$null = Get-Command Connect-ExchangeOnline, Disconnect-ExchangeOnline, Get-ConnectionInformation -ErrorAction Stop
# Read-only: lists the connections this runspace holds (none) without contacting the service.
$held = @(Get-ConnectionInformation -ErrorAction Stop)
if ($held.Count -ne 0) { throw 'A fresh runspace already held a connection.' }
# The turn's scripts are parsed into the process-wide cache here, not on a tenant's time.
$null = [ScriptBlock]::Create($a.connectText)
'warm'`;

// Shaped like a tenant's script output: rows of strings, numbers, booleans and nulls, and a nested
// value, streamed as the run phase streams them.
const sampleRun = String.raw`param($rows)
foreach ($index in 1..$rows) {
	[pscustomobject]@{ identity = "warm-up-$index"; primarySmtpAddress = "warm-up-$index@example.invalid"; items = [long]$index; enabled = $true; note = $null }
}
[pscustomobject]@{ identity = 'warm-up-nested'; aliases = @('a', 'b'); size = [double]1.5 }`;

/**
 * Sent once per process after the module import, before the process is handed to any tenant. Uses
 * the spare runspace Start-TdSpare began, runs the connect's preamble (shielded) and a sample run
 * (streamed, through the row mapping) in it, then retires it so the first tenant gets a fresh one.
 */
export const warmUpScript = [
	tenantHelpers,
	openTenantRunspace,
	String.raw`$a = $Args[0]
try {
	$null = Invoke-TdTenant $a.touch @{ environment = $a.environment; connectText = $a.connectText } -Shielded
	Invoke-TdTenant $a.sample 3
} finally {
	Complete-TdTenant
}`,
].join('\n');

export const warmUpArguments = (environment: string): Record<string, unknown> => ({touch: touchModule, sample: sampleRun, environment, connectText: connectInTenant});
