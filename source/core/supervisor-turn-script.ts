// A tenant's whole turn as one PowerShell call in the happy path: open the tenant's fresh runspace,
// connect, run the tenant's script (rows streamed), disconnect. Each node→PowerShell round trip costs
// framing, a stream file and scheduling on both sides; three per tenant held the connection slot well
// beyond the service's own work. The supervisor learns each phase the moment it happens from phase
// records on the side channel: "connected" (the id, journalled as opened), "disconnecting" (its own
// deadline), "disconnected" (struck, and the slot released at once, before the runspace is retired).
//
// The turn is sent before the tenant has a connection slot: it opens the runspace, starts the connect
// and waits at its call's gate (InvokeOptions.gate) until the supervisor has a slot for it. The
// call's framing, the script's parsing, the runspace and the connect's own preparation are off the
// slot's time.
//
// The connect and the disconnect are shielded: a stop (cancel, shutdown) lets them run to their end,
// then ends the call, so the service never holds a connection the module does not know. The run is
// stopped as before. Whatever the call did not report as disconnected, the supervisor closes with a
// second call (disconnectScript, disconnectAllScript) or from outside.

import {connectInTenant, openTenantRunspace, tenantHelpers} from './supervisor-scripts.js';
import {isolatedRunFunction, runArguments} from './supervisor-isolation.js';

/** What a turn's phase record says, as the supervisor reads it. */
export type TurnPhase =
	| {readonly phase: 'connected'; readonly connectionId: string}
	/** ranOk: the tenant's script finished without failing; whatever happens next is the disconnect's. */
	| {readonly phase: 'disconnecting'; readonly connectionId: string; readonly ranOk: boolean}
	| {readonly phase: 'disconnected'; readonly connectionId: string; readonly workingSet?: number};

/** A phase record's value, or undefined for anything else. */
export function turnPhase(value: unknown): TurnPhase | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const {phase, connectionId, workingSet, ranOk} = value as Record<string, unknown>;
	if (typeof connectionId !== 'string' || !connectionId) return undefined;
	if (phase === 'connected') return {phase, connectionId};
	if (phase === 'disconnecting') return {phase, connectionId, ranOk: ranOk === true};
	if (phase === 'disconnected') return {phase, connectionId, ...(typeof workingSet === 'number' ? {workingSet} : {})};
	return undefined;
}

// Written straight to the call's side channel (Write-TdPhaseRecord, protocol.ts), where no tenant script can write.
const phaseFunction = String.raw`function Write-TdPhase([string]$Phase, [string]$ConnectionId, $WorkingSet, [bool]$RanOk) {
	$set = if ($null -eq $WorkingSet) { 'null' } else { ([long]$WorkingSet).ToString([cultureinfo]::InvariantCulture) }
	$ok = if ($RanOk) { 'true' } else { 'false' }
	Write-TdPhaseRecord ('{"phase":"' + $Phase + '","connectionId":' + (ConvertTo-TdJsonString $ConnectionId) + ',"workingSet":' + $set + ',"ranOk":' + $ok + '}')
}
function Test-TdStopped($record) { $record.Exception -is [System.Management.Automation.PipelineStoppedException] }`;

const turn = (run: string) =>
	String.raw`$a = $Args[0]
# The connect waits at the call's gate for its slot: everything before its Connect-ExchangeOnline
# runs before the tenant has one. The go brings the token.
if ($a.connect.gated) { $a.connect.gate = $TdGate }
try { $opened = @(Invoke-TdTenant '${connectInTenant.replace(/'/g, "''")}' $a.connect -Shielded) }
catch {
	if ((Test-TdStopped $_) -or -not (Use-TdOwnTypesRunspace $_)) { throw }
	$opened = @(Invoke-TdTenant '${connectInTenant.replace(/'/g, "''")}' $a.connect -Shielded)
}
# Loops, not pipelines, from here to the disconnect: this is on the connection slot's time.
$connectionId = ''
foreach ($item in $opened) { if ($item -is [System.Management.Automation.WarningRecord]) { $item } elseif ($item -is [string]) { $connectionId = $item } }
Write-TdPhase 'connected' $connectionId
# The next tenant's runspace is made now, while the service works on this one, instead of after the
# disconnect: the process's next turn then reaches its gate without waiting for one. Measured over 30
# tenants at 1 s + 1 s: a turn from its call to its gate 52 -> 20 ms (median), so when the slots
# free together (the first rounds) the next go waits for a process less often.
Start-TdSpare $null
$failure = $null
try {
	${run}
} catch {
	if (Test-TdStopped $_) { throw }
	$failure = $_
}
if ($a.warmUp) {
	# The warm-up connected nothing (supervisor-warm-up.ts): its runspace is retired, a fresh one made
	# for the first tenant, and the process is ready once that one is (waited in steps a stop can cut).
	# The working set the "disconnected" phase reports is read through reflection on Linux and macOS:
	# 10-40 ms the first time, on the slot's time of a process's first tenant if not done here. (An
	# empty connection id: nothing takes this record for a phase.)
	Write-TdPhase 'disconnected' '' ([System.Environment]::WorkingSet)
	Complete-TdTenant
	while ($null -ne $global:TdSpare -and -not $global:TdSpare.Handle.AsyncWaitHandle.WaitOne(100)) { }
	if ($null -ne $failure) { throw $failure }
	return
}
Write-TdPhase 'disconnecting' $connectionId $null ($null -eq $failure)
try {
	# Not in a finally: a disconnect that failed keeps the tenant's runspace, so the supervisor can try again.
	$null = Invoke-TdTenant 'Disconnect-ExchangeOnline -ConnectionId $Args[0] -Confirm:$false -ErrorAction Stop' $connectionId -Shielded
	# Said before the runspace is retired (which starts the next one's making): the slot is freed on
	# this record, and that work need not be on its time. What the process holds now: one grown too
	# large is replaced (supervisor-pool.ts).
	Write-TdPhase 'disconnected' $connectionId ([System.Environment]::WorkingSet)
	Complete-TdTenant
} catch {
	# Left to the supervisor: it disconnects again from this process, or closes from outside.
	if (Test-TdStopped $_) { throw }
}
if ($null -ne $failure) { throw $failure }`;

/** A built-in (trusted) operation's turn: its script runs in the tenant's runspace as it is. */
export const tenantTurnScript = [tenantHelpers, phaseFunction, openTenantRunspace, turn('Invoke-TdTenant $a.run.script $a.run.args')].join('\n');

/** A custom operation's turn: its script runs isolated (supervisor-isolation.ts), the token out of reach. */
export const isolatedTenantTurnScript = [tenantHelpers, phaseFunction, isolatedRunFunction, openTenantRunspace, turn('Invoke-TdIsolated $a.run')].join('\n');

/**
 * The turn's arguments: the connect's and the run's, each handed only to its own phase. Without a
 * token the turn waits at its call's gate (InvokeOptions.gate) for the go, which brings the token.
 */
export function turnArguments(
	call: {tenant: {tenantId: string}; script: string; args: Record<string, unknown>; commands: readonly string[]},
	token: string | undefined,
	environment: string,
): Record<string, unknown> {
	const access = token === undefined ? {gated: true} : {token};
	return {connect: {organization: call.tenant.tenantId, ...access, commands: [...call.commands], environment}, run: runArguments(call)};
}
