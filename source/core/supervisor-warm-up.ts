// A process's first tenant paid for everything PowerShell does once per process: compiling the
// turn's scripts, JIT-compiling the engine's paths for a nested runspace and streamed output,
// resolving the module's commands, the row mapping. Measured (bench/exchange-cold-turn.ts): about
// 0.9 s on the slot's time against 0.15 s for later turns. The warm-up does that work when the
// process is warmed, before any tenant needs it, by sending the turn's own script (compiled code is
// shared by every run of the same text) with a flag that stops it short of the service: no token,
// no Connect-ExchangeOnline, no Disconnect-ExchangeOnline, nothing sent anywhere, so it is safe with
// the real ExchangeOnlineManagement module (Get-Command and Get-ConnectionInformation only read the
// process's own state). What stays cold is the module's own code (it runs only when connected).

import {tenantTurnScript} from './supervisor-turn-script.js';

// Shaped like a tenant's script output: rows of strings, whole numbers, booleans, nulls and dates
// written as text (most operations show a date), and one nested, streamed through the row mapping as
// the run phase streams them.
const sampleRun = String.raw`$a = $Args[0]
foreach ($index in 1..$a.rows) {
	[pscustomobject]@{ identity = "warm-up-$index"; primarySmtpAddress = "warm-up-$index@example.invalid"; items = [long]$index; enabled = $true; note = $null; created = ([datetime]'2024-01-02T03:04:05Z').ToUniversalTime().ToString('yyyy-MM-dd') }
}
[pscustomobject]@{ identity = 'warm-up-nested'; aliases = @('a', 'b'); size = [double]1.5 }`;

/** Sent once per process after the module import, before the process is handed to any tenant. */
export const warmUpScript = tenantTurnScript;

export const warmUpArguments = (environment: string): Record<string, unknown> => ({
	warmUp: true,
	connect: {warmUp: true, gated: true, environment},
	run: {script: sampleRun, args: {rows: 3}},
});

/** The warm-up's go at its gate (so the gate's code is warm too): it brings no token, and nothing connects. */
export const warmUpGo = async (): Promise<string> => 'warm-up: no token';

/** Whether a call's arguments are a warm-up's (for test doubles that answer the product's scripts). */
export const isWarmUp = (args: Record<string, unknown>): boolean => args['warmUp'] === true;
