// The one-line protocol over node-powershell: its value converters are not injection-safe and pwsh
// reads stdin a statement at a time, so every call is one ASCII line that calls a fixed wrapper
// (defined once per process from base64) with the script and its arguments as base64 too. Values
// never become script text.
// The wrapper prints one ASCII JSON envelope, marked with a per-call nonce, on its own line. With a
// stream file, each output object is appended to it as one line the moment it is produced instead
// (node-powershell buffers stdout until the call ends): R<json> a row, P<json> progress, A<json> an
// attempted change, so what reached the service is known even if the call is cut short. S<json> is a
// phase of the supervisor's own (a tenant connected, disconnected), written there by its script.

import {randomBytes} from 'node:crypto';

export type Envelope = {
	ok: boolean;
	data: unknown[];
	warnings: string[];
	error?: {message: string; type?: string; errorId?: string; category?: string};
};

// Only engine commands and .NET (no ConvertTo-Json, Select-Object, Write-Error…), so the same text
// runs in the engine host and in real pwsh. JSON out is escaped to pure ASCII because Windows
// consoles may not write UTF-8. Depth is bounded because .NET objects can hold cycles.
// Defined once per process (global functions in the process's own runspace, which no tenant script
// reaches: those run in runspaces of their own), so each call sends one short line instead of
// re-sending and re-defining all of this.
const definitions = String.raw`function global:ConvertFrom-TdJson($e) {
	switch ($e.ValueKind.ToString()) {
		'Object' { $h = @{}; foreach ($p in $e.EnumerateObject()) { $h[$p.Name] = ConvertFrom-TdJson $p.Value }; return $h }
		'Array' { $l = [System.Collections.Generic.List[object]]::new(); foreach ($i in $e.EnumerateArray()) { $l.Add((ConvertFrom-TdJson $i)) }; return ,$l.ToArray() }
		'String' { return $e.GetString() }
		'Number' { $n = 0L; if ($e.TryGetInt64([ref]$n)) { return $n }; return $e.GetDouble() }
		'True' { return $true }
		'False' { return $false }
		default { return $null }
	}
}
function global:ConvertTo-TdJsonString([string]$s) {
	# The default encoder escapes every non-ASCII and control character: the envelope stays ASCII.
	[System.Text.Json.JsonSerializer]::Serialize($s, [string])
}
function global:ConvertTo-TdJson($v, [int]$depth) {
	if ($null -eq $v) { return 'null' }
	if ($v -is [System.Management.Automation.PSObject] -and $v.psobject.BaseObject -isnot [System.Management.Automation.PSCustomObject]) { $v = $v.psobject.BaseObject }
	if ($v -is [string]) { return [System.Text.Json.JsonSerializer]::Serialize($v, [string]) }
	if ($v -is [char] -or $v -is [guid] -or $v -is [enum] -or $v -is [uri]) { return ConvertTo-TdJsonString ([string]$v) }
	if ($v -is [bool]) { if ($v) { return 'true' }; return 'false' }
	if ($v -is [datetime]) { return ConvertTo-TdJsonString ($v.ToUniversalTime().ToString('o', [cultureinfo]::InvariantCulture)) }
	if ($v -is [datetimeoffset]) { return ConvertTo-TdJsonString ($v.ToString('o', [cultureinfo]::InvariantCulture)) }
	if ($v -is [double] -or $v -is [single]) { if ([double]::IsNaN($v) -or [double]::IsInfinity($v)) { return 'null' } }
	if ($v -is [ValueType] -and ($v -is [int] -or $v -is [long] -or $v -is [double] -or $v -is [decimal] -or $v -is [single] -or $v -is [int16] -or $v -is [byte] -or $v -is [uint32] -or $v -is [uint64] -or $v -is [sbyte] -or $v -is [uint16])) { return $v.ToString([cultureinfo]::InvariantCulture) }
	if ($depth -ge 8) { return ConvertTo-TdJsonString ([string]$v) }
	if ($v -is [System.Collections.IDictionary]) {
		$parts = foreach ($k in $v.Keys) { (ConvertTo-TdJsonString ([string]$k)) + ':' + (ConvertTo-TdJson $v[$k] ($depth + 1)) }
		return '{' + ($parts -join ',') + '}'
	}
	if ($v -is [System.Collections.IEnumerable]) {
		$parts = foreach ($i in $v) { ConvertTo-TdJson $i ($depth + 1) }
		return '[' + ($parts -join ',') + ']'
	}
	if ($v -is [ValueType]) { return ConvertTo-TdJsonString ([string]$v) }
	# Rows are flat objects of strings, booleans and whole numbers: those go to System.Text.Json as one
	# dictionary (one .NET call per row instead of interpreted script per property).
	$flat = [System.Collections.Generic.Dictionary[string, object]]::new()
	foreach ($p in $v.psobject.Properties) {
		$value = $null
		try { $value = $p.Value } catch { }
		# The casts unwrap: a value still wrapped in a PSObject would be serialised member by member.
		if ($value -is [string]) { $flat[$p.Name] = [string]$value }
		elseif ($null -eq $value) { $flat[$p.Name] = $null }
		elseif ($value -is [bool]) { $flat[$p.Name] = [bool]$value }
		elseif ($value -is [int] -or $value -is [long]) { $flat[$p.Name] = [long]$value }
		else { $flat = $null; break }
	}
	if ($null -ne $flat) { return [System.Text.Json.JsonSerializer]::Serialize($flat, [System.Collections.Generic.Dictionary[string, object]]) }
	$parts = foreach ($p in $v.psobject.Properties) {
		$value = $null
		try { $value = $p.Value } catch { }
		$name = [System.Text.Json.JsonSerializer]::Serialize($p.Name, [string])
		if ($value -is [string]) { $name + ':' + [System.Text.Json.JsonSerializer]::Serialize($value, [string]) }
		else { $name + ':' + (ConvertTo-TdJson $value ($depth + 1)) }
	}
	return '{' + ($parts -join ',') + '}'
}
# One output object of a call, to the side channel (or the envelope's data): called with the call's
# $stream, $data and $warnings in scope (Invoke-TdCall's, dynamically).
function global:Write-TdRecord($item, [long[]]$Counter) {
	if ($item -is [System.Management.Automation.WarningRecord]) { $warnings.Add($item.Message); if ($null -ne $Counter) { $Counter[0]++ }; return }
	if ($item -is [System.Management.Automation.InformationRecord]) { if ($null -ne $Counter) { $Counter[0]++ }; return }
	$kind = 'R'
	if ($item -is [System.Management.Automation.PSObject]) {
		$typeName = $item.psobject.TypeNames[0]
		if ($typeName -eq 'Tenantdeck.Progress') { $kind = 'P' } elseif ($typeName -eq 'Tenantdeck.Attempt') { $kind = 'A' }
	}
	$json = ConvertTo-TdJson $item 0
	if ($null -ne $stream) {
		# Written and counted in one statement (WriteLine returns nothing, so the sum adds 1): a stop
		# lands between statements, so a line is never written uncounted (that delivered a row twice
		# when a stop fell between the two) nor counted unwritten.
		if ($null -eq $Counter) { $stream.WriteLine($kind + $json) } else { $Counter[0] += [int]($null -eq $stream.WriteLine($kind + $json)) }
	} else {
		if ($kind -eq 'R') { $data.Add($json) }
		if ($null -ne $Counter) { $Counter[0]++ }
	}
}
# A phase of the supervisor's own turn (connected, disconnecting, disconnected; JSON made by its
# script), written straight to the side channel: it is on the connection slot's time, where passing
# an object through the call's pipeline and its conversion cost about a millisecond. Only the
# supervisor's scripts run in this runspace (a tenant's script runs in a runspace of its own), so no
# tenant can write one. A phase is waited for: a line on stdout has it read at once instead of at the
# stream's next poll. With tenantdeck gone (SIGKILL) stdout is a broken pipe: the turn still runs to
# its disconnect.
function global:Write-TdPhaseRecord([string]$Json) {
	if ($null -eq $stream) { return }
	$stream.WriteLine('S' + $Json)
	try { [Console]::Out.WriteLine() } catch { }
}
function global:Invoke-TdCall([string]$ScriptB64, [string]$ArgsB64, [string]$Nonce, [string]$StreamB64, [string]$GateB64) {
	$ErrorActionPreference = 'Stop'
	$ProgressPreference = 'SilentlyContinue'
	$ConfirmPreference = 'None'
	# The call's gate (gate-pipe.ts), the pipe's name and key, for the supervisor's scripts to wait at.
	$TdGate = if ($GateB64) { [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($GateB64)).Split([char]10) } else { $null }
	$StreamPath = if ($StreamB64) { [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($StreamB64)) } else { '' }
	$warnings = [System.Collections.Generic.List[string]]::new()
	$data = [System.Collections.Generic.List[string]]::new()
	$failure = $null
	$stream = $null
	try {
		$utf8 = [System.Text.UTF8Encoding]::new($false, $true)
		if ($StreamPath) {
			$stream = [System.IO.StreamWriter]::new($StreamPath, $true, [System.Text.UTF8Encoding]::new($false))
			$stream.AutoFlush = $true
		}
		$payload = [ScriptBlock]::Create($utf8.GetString([Convert]::FromBase64String($ScriptB64)))
		$document = [System.Text.Json.JsonDocument]::Parse($utf8.GetString([Convert]::FromBase64String($ArgsB64)))
		$arguments = ConvertFrom-TdJson $document.RootElement
		# Counts what was written: a stopped call writes what it held back itself (Write-TdRecord from
		# Invoke-TdStreaming), and knows from this where to start. Counted after the write: a stop lands
		# at a command or a loop, so an object cut off inside Write-TdRecord is not counted as written.
		$TdPassed = [long[]]::new(1)
		& $payload $arguments 3>&1 6>&1 | ForEach-Object { Write-TdRecord $_ $TdPassed }
	} catch {
		$record = $_
		$failure = '{"message":' + (ConvertTo-TdJsonString $record.Exception.Message) + ',"type":' + (ConvertTo-TdJsonString $record.Exception.GetType().FullName) + ',"errorId":' + (ConvertTo-TdJsonString $record.FullyQualifiedErrorId) + ',"category":' + (ConvertTo-TdJsonString $record.CategoryInfo.Category.ToString()) + '}'
	} finally {
		if ($null -ne $stream) { $stream.Dispose() }
	}
	$warningJson = ($warnings | ForEach-Object { ConvertTo-TdJsonString $_ }) -join ','
	if ($null -eq $failure) {
		$envelope = '{"ok":true,"data":[' + ($data -join ',') + '],"warnings":[' + $warningJson + ']}'
	} else {
		$envelope = '{"ok":false,"data":[],"warnings":[' + $warningJson + '],"error":' + $failure + '}'
	}
	[Console]::Out.WriteLine($Nonce + $envelope)
}
# Each kind of value takes tens of milliseconds the first time it is converted (the engine resolves
# the types and builds its binders): a process's first tenant met the arguments' first list (the
# cmdlets its connect may use) 30-90 ms into its turn. Paid here, at the process's first call.
$null = ConvertFrom-TdJson ([System.Text.Json.JsonDocument]::Parse('{"o":{"s":"x","n":1,"d":1.5,"t":true,"f":false,"z":null,"a":["x",{"k":1}]}}').RootElement)
$null = ConvertTo-TdJson ([pscustomobject]@{ s = 'x'; n = 1; b = $true; z = $null; a = @('x', 1) }) 0
`;

const definitionsB64 = Buffer.from(definitions, 'utf8').toString('base64');

/** Defines the call's functions in the process; sent before the first call, harmless when repeated. */
const defineLine = `. ([ScriptBlock]::Create([System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String('${definitionsB64}'))))`;

const toBase64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A fresh marker that cannot occur in ASCII-escaped JSON or in other output by chance. */
export function newNonce(): string {
	return `TDENV${randomBytes(12).toString('hex')}:`;
}

/**
 * The single line sent to PowerShell for one call. Only base64 and the nonce vary, all inside single
 * quotes. `define` prefixes the definitions: a process's first call, or one after a call that never
 * answered (the definitions may not have run).
 */
export function buildCommandLine(script: string, args: Record<string, unknown>, nonce: string, streamPath?: string, define = true, gate?: {name: string; key: string}): string {
	// The paths travel base64 too: a temp folder's name is not ours to trust inside quotes.
	const gateText = gate ? toBase64(`${gate.name}\n${gate.key}`) : '';
	const call = `Invoke-TdCall '${toBase64(script)}' '${toBase64(JSON.stringify(args))}' '${nonce}' '${streamPath ? toBase64(streamPath) : ''}' '${gateText}'`;
	return define ? `${defineLine}; ${call}` : call;
}

/** Finds the call's envelope in stdout; undefined when the call never printed one (death, framing trouble). */
export function parseEnvelope(stdout: string, nonce: string): Envelope | undefined {
	const start = stdout.lastIndexOf(nonce);
	if (start === -1) return undefined;
	const end = stdout.indexOf('\n', start);
	const json = stdout.slice(start + nonce.length, end === -1 ? undefined : end).trim();
	try {
		const parsed = JSON.parse(json) as Envelope;
		return typeof parsed === 'object' && parsed !== null && typeof parsed.ok === 'boolean' ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/** Text printed around the envelope (a module's banner, the host's error records), for diagnostics. */
export function strayOutput(stdout: string, nonce: string): string {
	return stdout
		.split(/\r?\n/)
		.filter(line => !line.includes(nonce))
		.join('\n')
		.trim();
}
