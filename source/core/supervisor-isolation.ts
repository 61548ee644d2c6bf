// The PowerShell that runs an admin's own script (a custom operation) out of reach of the tenant's
// connection. The script gets a runspace of its own in ConstrainedLanguage mode holding only a few
// engine commands and one proxy per declared cmdlet; the proxies (defined while the runspace is still
// in FullLanguage, so they keep it) forward each call to the tenant's connected runspace. So the
// token is in no scope the script can read, Connect-ExchangeOnline, Get-Module, Import-Module and
// .NET (HttpClient, [powershell], reflection) are not callable, and in a dry run, where only Get-
// cmdlets are declared and connected, nothing that changes anything exists by any route.

/** Engine commands a custom script may use beside its declared cmdlets (those present in this PowerShell). */
export const isolatedEngineCommands = ['ForEach-Object', 'Where-Object', 'Out-Null', 'Select-Object', 'Sort-Object', 'Measure-Object', 'Group-Object'];

const isolation = String.raw`# ConstrainedLanguage refuses the [pscustomobject]@{...} cast every script uses to make a row
# (PowerShell issue 20767), but allows [ordered]@{...}, which becomes the same row: each such cast is
# rewritten, found by the parser, so strings and comments that merely contain the text are untouched.
function ConvertTo-TdConstrainedText([string]$text) {
	$tokens = $null
	$problems = $null
	$ast = [System.Management.Automation.Language.Parser]::ParseInput($text, [ref]$tokens, [ref]$problems)
	$casts = @($ast.FindAll({
		param($node)
		$node -is [System.Management.Automation.Language.ConvertExpressionAst] -and $node.Child -is [System.Management.Automation.Language.HashtableAst] -and
			@('pscustomobject', 'System.Management.Automation.PSCustomObject') -contains $node.Type.TypeName.FullName
	}, $true))
	$builder = [System.Text.StringBuilder]::new($text)
	for ($index = $casts.Count - 1; $index -ge 0; $index--) {
		$extent = $casts[$index].Type.Extent
		$null = $builder.Remove($extent.StartOffset, $extent.EndOffset - $extent.StartOffset).Insert($extent.StartOffset, '[ordered]')
	}
	$builder.ToString()
}
function Invoke-TdIsolated($a) {
$connected = $global:TdTenantRunspace
if ($null -eq $connected) { throw 'No tenant runspace is open in this PowerShell process.' }
$default = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
$state = [System.Management.Automation.Runspaces.InitialSessionState]::Create()
foreach ($name in @($a.engine)) { foreach ($entry in @($default.Commands[$name])) { if ($null -ne $entry) { $state.Commands.Add($entry) } } }
foreach ($variable in @($default.Variables)) { $state.Variables.Add($variable) }
$state.LanguageMode = [System.Management.Automation.PSLanguageMode]::FullLanguage
$isolated = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace($state)
$isolated.Open()
try {
	$isolated.SessionStateProxy.PSVariable.Set([System.Management.Automation.PSVariable]::new('TdConnected', $connected, [System.Management.Automation.ScopedItemOptions]::Constant))
	$isolated.SessionStateProxy.SetVariable('ErrorActionPreference', 'Stop')
	# Each proxy has the real cmdlet's parameters, calls it in the connected runspace with -ErrorAction
	# Stop (-WhatIf and -Confirm pass through), and uses no command the script could redefine.
	$template = 'function __NAME__ {
__BINDING__
param(__PARAMS__)
$common = [System.Management.Automation.PSCmdlet]::CommonParameters
$forward = [System.Collections.Generic.Dictionary[string, object]]::new()
foreach ($key in $PSBoundParameters.Keys) { if ($common -notcontains $key) { $forward[$key] = $PSBoundParameters[$key] } }
$call = [System.Management.Automation.PowerShell]::Create()
try {
	$call.Runspace = $TdConnected
	$null = $call.AddCommand("__NAME__").AddParameters($forward).AddParameter("ErrorAction", "Stop")
	try { $call.Invoke() } catch { $inner = $_.Exception.InnerException; if ($inner -is [System.Management.Automation.IContainsErrorRecord]) { throw $inner.ErrorRecord }; throw }
} finally { $call.Dispose() }
}'
	$definitions = foreach ($name in @($a.commands)) {
		if ([string]$name -notmatch '^[A-Za-z]+-[A-Za-z0-9]+$') { throw "Not a cmdlet name: $name" }
		$probe = [System.Management.Automation.PowerShell]::Create()
		$probe.Runspace = $connected
		$info = @($probe.AddCommand('Get-Command').AddParameter('Name', [string]$name).AddParameter('ErrorAction', 'SilentlyContinue').Invoke())
		$probe.Dispose()
		if ($info.Count -eq 0) { continue }
		$meta = [System.Management.Automation.CommandMetadata]::new($info[0])
		$template.Replace('__NAME__', [string]$name).Replace('__BINDING__', [System.Management.Automation.ProxyCommand]::GetCmdletBindingAttribute($meta)).Replace('__PARAMS__', [System.Management.Automation.ProxyCommand]::GetParamBlock($meta))
	}
	$define = [System.Management.Automation.PowerShell]::Create()
	$define.Runspace = $isolated
	$null = $define.AddScript(($definitions -join [Environment]::NewLine)).Invoke()
	$define.Dispose()
	$isolated.SessionStateProxy.LanguageMode = [System.Management.Automation.PSLanguageMode]::ConstrainedLanguage
	$ps = [System.Management.Automation.PowerShell]::Create()
	$ps.Runspace = $isolated
	$null = $ps.AddScript((ConvertTo-TdConstrainedText ([string]$a.script)), $true).AddArgument($a.args)
	Invoke-TdStreaming $ps
} finally {
	$isolated.Dispose()
}
}`;

/** The arguments of a tenant's run (the turn's `run`, or Invoke-TdIsolated's) for one call. */
export function runArguments(call: {script: string; args: Record<string, unknown>; commands: readonly string[]}): Record<string, unknown> {
	return {script: call.script, args: call.args, commands: [...call.commands], engine: isolatedEngineCommands};
}

/** Defines Invoke-TdIsolated $a: runs $a.script with $a.args in an isolated runspace next to the tenant's (see above). */
export const isolatedRunFunction = isolation;
