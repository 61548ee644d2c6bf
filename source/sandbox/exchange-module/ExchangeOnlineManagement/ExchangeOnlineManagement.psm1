# Stand-in for ExchangeOnlineManagement v3, shipped with the tenantdeck sandbox: the cmdlets and
# parameters tenantdeck sends, answered by the sandbox's Exchange admin REST surface. It uses only
# engine commands and .NET (HttpClient, System.Text.Json) so it loads in the engine host and in pwsh.
# The sandbox URL comes from the environment, never from the script text tenantdeck sends.

$script:Connections = [System.Collections.Generic.List[object]]::new()
$script:Http = $null
$script:NextId = 1
$script:Rehearsal = $false

function Get-SandboxBaseUrl {
	$url = [Environment]::GetEnvironmentVariable('TENANTDECK_SANDBOX_EXCHANGE_URL')
	if ([string]::IsNullOrWhiteSpace($url)) {
		throw "This ExchangeOnlineManagement is tenantdeck's sandbox stand-in and only talks to the sandbox, but TENANTDECK_SANDBOX_EXCHANGE_URL is not set."
	}
	$url.TrimEnd('/')
}

function Get-SandboxHttp {
	# One client per process, as HttpClient is meant to be used (its pooled connection is reused);
	# timeouts belong to tenantdeck. Every tenant's fresh runspace imports this module anew, so the
	# client is kept where all runspaces of the process find it, not in the module's scope.
	if ($null -eq $script:Http) {
		$shared = [System.AppDomain]::CurrentDomain.GetData('TenantdeckSandboxHttp')
		if ($null -eq $shared) {
			# Idle connections are let go before the sandbox's server closes them (Node's 5 s keep-alive;
			# .NET sweeps its pool once a second, so one may be reused up to a second past this), so a
			# request never races a server-side close; not much sooner, since a process's turns can be
			# 3 s apart (30 tenants at 1 s + 1 s) and each new connection is a few ms on a slot's time.
			$handler = [System.Net.Http.SocketsHttpHandler]::new()
			$handler.PooledConnectionIdleTimeout = [TimeSpan]::FromSeconds(3)
			$shared = [System.Net.Http.HttpClient]::new($handler)
			$shared.Timeout = [System.Threading.Timeout]::InfiniteTimeSpan
			[System.AppDomain]::CurrentDomain.SetData('TenantdeckSandboxHttp', $shared)
		}
		$script:Http = $shared
	}
	$script:Http
}

function ConvertTo-SandboxJson($Value) {
	# System.Text.Json cannot walk PowerShell's PSObject wrappers: hand it the plain .NET values.
	if ($Value -is [psobject]) { $Value = $Value.psobject.BaseObject }
	[System.Text.Json.JsonSerializer]::Serialize([object]$Value, [object])
}

# The real module's client deserialises in compiled code; this is script, on every page a tenant's
# slot waits for. Scalars are read inline (a function call per property made large mailbox lists
# slow), and kinds are compared as enum values: a switch on the kind's name cost a string per value.
# A page of 13 mailboxes, 200 conversions in six alternating rounds: 1.8-3.4 ms with the switch,
# 1.4-2.0 ms like this.
function ConvertFrom-SandboxJson($Element) {
	$kind = $Element.ValueKind
	if ($kind -eq [System.Text.Json.JsonValueKind]::Object) {
		$properties = [ordered]@{}
		foreach ($property in $Element.EnumerateObject()) {
			$value = $property.Value
			$valueKind = $value.ValueKind
			if ($valueKind -eq [System.Text.Json.JsonValueKind]::String) { $properties[$property.Name] = $value.GetString() }
			elseif ($valueKind -eq [System.Text.Json.JsonValueKind]::Null) { $properties[$property.Name] = $null }
			elseif ($valueKind -eq [System.Text.Json.JsonValueKind]::True) { $properties[$property.Name] = $true }
			elseif ($valueKind -eq [System.Text.Json.JsonValueKind]::False) { $properties[$property.Name] = $false }
			else { $properties[$property.Name] = ConvertFrom-SandboxJson $value }
		}
		return [pscustomobject]$properties
	}
	if ($kind -eq [System.Text.Json.JsonValueKind]::Array) {
		$items = [System.Collections.Generic.List[object]]::new()
		foreach ($item in $Element.EnumerateArray()) {
			if ($item.ValueKind -eq [System.Text.Json.JsonValueKind]::String) { $items.Add($item.GetString()) } else { $items.Add((ConvertFrom-SandboxJson $item)) }
		}
		return , $items.ToArray()
	}
	if ($kind -eq [System.Text.Json.JsonValueKind]::String) { return $Element.GetString() }
	if ($kind -eq [System.Text.Json.JsonValueKind]::Number) { $whole = 0L; if ($Element.TryGetInt64([ref]$whole)) { return $whole }; return $Element.GetDouble() }
	if ($kind -eq [System.Text.Json.JsonValueKind]::True) { return $true }
	if ($kind -eq [System.Text.Json.JsonValueKind]::False) { return $false }
	return $null
}

# Under tenantdeck's engine host the same conversion is compiled (SandboxJson.cs), as the real
# module's client is; under pwsh the script reader above does it.
$script:CompiledJson = 'Tenantdeck.PwshHost.SandboxJson' -as [type]
function ConvertFrom-SandboxText([string]$Text) {
	if ($null -ne $script:CompiledJson) { return , $script:CompiledJson::Parse($Text) }
	ConvertFrom-SandboxJson ([System.Text.Json.JsonDocument]::Parse($Text).RootElement)
}

function Send-SandboxRequest([string]$Method, [string]$Url, [string]$Token, [string]$ConnectionId, [string]$Body, [int]$TimeoutMs = -1) {
	$request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::new($Method), $Url)
	$request.Headers.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $Token)
	if ($ConnectionId) { $null = $request.Headers.TryAddWithoutValidation('connection-id', $ConnectionId) }
	# Lets the sandbox's log say which process sent a call, so tests can end exactly that one.
	$null = $request.Headers.TryAddWithoutValidation('x-client-pid', [string]$PID)
	if ($Body) { $request.Content = [System.Net.Http.StringContent]::new($Body, [System.Text.UTF8Encoding]::new($false), 'application/json') }
	# The import's rehearsal (below) sends nothing: its answers are canned.
	if ($script:Rehearsal) { $request.Dispose(); return [pscustomobject]@{ Status = 200; Text = (Get-SandboxRehearsalAnswer $Method $Url); Message = $null } }
	# Only the module's own warm-up requests are bounded (below); tenantdeck's calls have its deadlines.
	$cancel = if ($TimeoutMs -gt 0) { [System.Threading.CancellationTokenSource]::new($TimeoutMs).Token } else { [System.Threading.CancellationToken]::None }
	$response = (Get-SandboxHttp).SendAsync($request, $cancel).GetAwaiter().GetResult()
	$text = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
	$status = [int]$response.StatusCode
	$message = $null
	if ($status -ge 400) {
		$message = "The Exchange service answered $status $($response.ReasonPhrase)."
		try { $message = [System.Text.Json.JsonDocument]::Parse($text).RootElement.GetProperty('error').GetProperty('message').GetString() } catch { }
	}
	[pscustomobject]@{ Status = $status; Text = $text; Message = $message }
}

# What the service would answer the rehearsal: a connection, a page with every kind of JSON value, a disconnect.
function Get-SandboxRehearsalAnswer([string]$Method, [string]$Url) {
	if ($Method -eq 'DELETE') { return '' }
	if ($Url.EndsWith('/Connection')) { return '{"ConnectionId":"rehearsal","TenantId":"rehearsal","Organization":"rehearsal.invalid","UserPrincipalName":"rehearsal@rehearsal.invalid"}' }
	'{"value":[{"Identity":"r","DisplayName":"R","PrimarySmtpAddress":"r@r.invalid","EmailAddresses":["SMTP:r@r.invalid"],"ForwardingSmtpAddress":null,"DeliverToMailboxAndForward":false,"ResultSize":1,"Ratio":0.5,"Nested":{"k":"v"}}]}'
}

function Invoke-SandboxRequest([string]$Method, [string]$Url, [string]$Token, [string]$ConnectionId, [string]$Body, [int]$TimeoutMs = -1) {
	$answer = Send-SandboxRequest $Method $Url $Token $ConnectionId $Body $TimeoutMs
	if ($answer.Status -ge 400) { throw $answer.Message }
	if ([string]::IsNullOrEmpty($answer.Text)) { return $null }
	ConvertFrom-SandboxText $answer.Text
}

function Get-ActiveConnection {
	if ($script:Connections.Count -eq 0) {
		throw 'You must call the Connect-ExchangeOnline cmdlet before calling any other cmdlets.'
	}
	$script:Connections[$script:Connections.Count - 1]
}

# Like the real module: a cmdlet's own failure (object not found, bad parameter, a mailbox that cannot
# be opened: the service's 400/404 answers) is written as a non-terminating error through the
# calling cmdlet's WriteError, so it stops a script only under -ErrorAction Stop; a failure of the
# connection or the service (401, 403, 429, 5xx) is thrown, terminating.
function Invoke-SandboxCmdlet([string]$Name, $Bound, $Cmdlet) {
	$connection = Get-ActiveConnection
	$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
	$parameters = [System.Collections.Generic.Dictionary[string, object]]::new()
	foreach ($key in $Bound.Keys) {
		if ($common -contains $key) { continue }
		$value = $Bound[$key]
		if ($value -is [System.Management.Automation.SwitchParameter]) { $value = $value.IsPresent }
		if ($value -is [psobject]) { $value = $value.psobject.BaseObject }
		$parameters[$key] = $value
	}
	$body = '{"CmdletInput":{"CmdletName":' + (ConvertTo-SandboxJson $Name) + ',"Parameters":' + (ConvertTo-SandboxJson $parameters) + '}}'
	$url = $connection.BaseUrl + '/adminapi/beta/' + [Uri]::EscapeDataString($connection.TenantID) + '/InvokeCommand'
	while ($url) {
		$answer = Send-SandboxRequest 'POST' $url $connection.Token $connection.ConnectionId $body
		$text = [string]$answer.Message
		$ownFailure = $text.StartsWith('|') -and -not ($text -match 'CommandNotFoundException|ParameterBindingException')
		if (($answer.Status -eq 400 -or $answer.Status -eq 404) -and $ownFailure) {
			$category = if ($answer.Status -eq 404) { [System.Management.Automation.ErrorCategory]::ObjectNotFound } else { [System.Management.Automation.ErrorCategory]::InvalidArgument }
			$errorId = ([string]$answer.Message).Split('|')[1]
			if (-not $errorId) { $errorId = 'SandboxCmdletError' }
			$record = [System.Management.Automation.ErrorRecord]::new([System.Exception]::new([string]$answer.Message), "$errorId,$Name", $category, $parameters['Identity'])
			$Cmdlet.WriteError($record)
			return
		}
		if ($answer.Status -ge 400) { throw $answer.Message }
		$page = ConvertFrom-SandboxText $answer.Text
		foreach ($item in $page.value) { $item }
		$next = $page.psobject.Properties['@odata.nextLink']
		$url = if ($next) { [string]$next.Value } else { $null }
	}
}

function Connect-ExchangeOnline {
	[CmdletBinding()]
	param(
		[string]$DelegatedOrganization,
		[string]$Organization,
		[string]$AccessToken,
		[string]$UserPrincipalName,
		[string[]]$CommandName = @(),
		[ValidateSet('O365Default', 'O365GermanyCloud', 'O365China', 'O365USGovGCCHigh', 'O365USGovDoD')]
		[string]$ExchangeEnvironmentName = 'O365Default',
		[switch]$ShowBanner,
		[switch]$ShowProgress,
		[switch]$SkipLoadingFormatData
	)
	$target = if ($DelegatedOrganization) { $DelegatedOrganization } else { $Organization }
	if (-not $target) { throw 'Connect-ExchangeOnline needs -DelegatedOrganization (or -Organization) in the sandbox.' }
	if (-not $AccessToken) { throw 'The sandbox has no interactive sign-in: pass -AccessToken.' }
	$base = Get-SandboxBaseUrl
	$url = $base + '/adminapi/beta/' + [Uri]::EscapeDataString($target) + '/Connection'
	$request = [System.Collections.Generic.Dictionary[string, object]]::new()
	$request['CommandName'] = [string[]]$CommandName
	$request['ExchangeEnvironmentName'] = $ExchangeEnvironmentName
	$opened = Invoke-SandboxRequest 'POST' $url $AccessToken '' (ConvertTo-SandboxJson $request)
	$script:Connections.Add([pscustomobject]@{
		ConnectionId = [string]$opened.ConnectionId
		Id = $script:NextId
		Name = "ExchangeOnline_$($script:NextId)"
		State = 'Connected'
		TokenStatus = 'Active'
		UserPrincipalName = [string]$opened.UserPrincipalName
		DelegatedOrganization = $DelegatedOrganization
		Organization = [string]$opened.Organization
		TenantID = [string]$opened.TenantId
		ConnectionUri = $base
		IsEopSession = $false
		BaseUrl = $base
		Token = $AccessToken
	})
	$script:NextId++
	if ($ShowBanner) { $Host.UI.WriteLine('Connected to the tenantdeck sandbox (stand-in ExchangeOnlineManagement).') }
}

function Get-ConnectionInformation {
	[CmdletBinding()]
	param()
	# Everything but the token: it must never reach output, logs or screens.
	foreach ($connection in $script:Connections) {
		[pscustomobject]@{
			ConnectionId = $connection.ConnectionId
			Id = $connection.Id
			Name = $connection.Name
			State = $connection.State
			TokenStatus = $connection.TokenStatus
			UserPrincipalName = $connection.UserPrincipalName
			DelegatedOrganization = $connection.DelegatedOrganization
			Organization = $connection.Organization
			TenantID = $connection.TenantID
			ConnectionUri = $connection.ConnectionUri
			IsEopSession = $connection.IsEopSession
		}
	}
}

function Disconnect-ExchangeOnline {
	[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
	param([string[]]$ConnectionId)
	$chosen = @(if ($ConnectionId) { $script:Connections | Where-Object { $ConnectionId -contains $_.ConnectionId } } else { $script:Connections })
	if ($ConnectionId -and $chosen.Count -ne @($ConnectionId).Count) { throw "No connection with ConnectionId $($ConnectionId -join ', ') is open in this session." }
	if (-not $PSCmdlet.ShouldProcess('Exchange Online', 'Disconnect')) { return }
	foreach ($connection in $chosen) {
		$url = $connection.BaseUrl + '/adminapi/beta/' + [Uri]::EscapeDataString($connection.TenantID) + '/Connection/' + [Uri]::EscapeDataString($connection.ConnectionId)
		$null = Invoke-SandboxRequest 'DELETE' $url $connection.Token '' ''
		$null = $script:Connections.Remove($connection)
	}
}

function Get-Mailbox {
	[CmdletBinding()]
	param([Parameter(Position = 0)][string]$Identity, [object]$ResultSize, [string[]]$RecipientTypeDetails)
	Invoke-SandboxCmdlet 'Get-Mailbox' $PSBoundParameters $PSCmdlet
}

function Get-EXOMailbox {
	[CmdletBinding()]
	param([Parameter(Position = 0)][string]$Identity, [object]$ResultSize, [string[]]$RecipientTypeDetails, [string[]]$Properties, [string[]]$PropertySets)
	Invoke-SandboxCmdlet 'Get-EXOMailbox' $PSBoundParameters $PSCmdlet
}

function Get-InboxRule {
	[CmdletBinding()]
	param([string]$Mailbox, [Parameter(Position = 0)][string]$Identity, [switch]$IncludeHidden)
	Invoke-SandboxCmdlet 'Get-InboxRule' $PSBoundParameters $PSCmdlet
}

function Get-Recipient {
	[CmdletBinding()]
	param([Parameter(Mandatory, Position = 0)][string]$Identity)
	Invoke-SandboxCmdlet 'Get-Recipient' $PSBoundParameters $PSCmdlet
}

function Set-Mailbox {
	[CmdletBinding(SupportsShouldProcess)]
	param(
		[Parameter(Mandatory, Position = 0)][string]$Identity,
		[string]$ForwardingSmtpAddress,
		[string]$ForwardingAddress,
		[bool]$DeliverToMailboxAndForward,
		[bool]$HiddenFromAddressListsEnabled
	)
	$bound = [System.Collections.Generic.Dictionary[string, object]]::new($PSBoundParameters)
	$null = $bound.Remove('WhatIf'); $null = $bound.Remove('Confirm')
	if ($PSCmdlet.ShouldProcess($Identity, 'Set-Mailbox')) { Invoke-SandboxCmdlet 'Set-Mailbox' $bound $PSCmdlet }
}

# The real module's client is compiled .NET that its import loads and readies; this one is script,
# which PowerShell compiles at its first call in each runspace (a page of 21 mailboxes: 7-11 ms in a
# fresh runspace's first call, 2 ms after). So that a tenant does not pay for that on its connection's
# time, every import (each tenant's fresh runspace is made and imports in the background, before its
# turn) rehearses a turn's success path on canned answers: connect, Get-Mailbox, disconnect, with no
# request sent and nothing left behind. Measured side by side (bench/exchange-phases.ts, 300 tenants
# at 200 + 300 ms, three pairs): a process's first turn held its slot 94-190 ms beyond the service's
# work instead of 140-342, later turns 36-45 ms instead of 39-47, the run 250-790 ms shorter.
$script:RehearsalFailure = $null
& {
	$script:Rehearsal = $true
	try {
		Connect-ExchangeOnline -DelegatedOrganization 'rehearsal.invalid' -AccessToken 'rehearsal' -ShowBanner:$false -SkipLoadingFormatData -CommandName 'Get-Mailbox'
		$null = Get-Mailbox -ResultSize Unlimited
		$null = Get-ConnectionInformation
		Disconnect-ExchangeOnline -ConnectionId 'rehearsal' -Confirm:$false
	} catch {
		# A warm-up only: the tenant's turn reports its own failures. Kept for the tests to read.
		$script:RehearsalFailure = $_
	} finally {
		$script:Rehearsal = $false
		$script:Connections.Clear()
		$script:NextId = 1
	}
}

# Once per process: the HTTP stack, against the sandbox's control surface, and the cmdlets' own
# failure paths (no token, no connection). Nothing here opens a connection or reaches the Exchange
# surface (test/powershell/warm-up.test.ts), and each request is bounded at 2 s.
if ($null -eq [System.AppDomain]::CurrentDomain.GetData('TenantdeckSandboxWarm')) {
	[System.AppDomain]::CurrentDomain.SetData('TenantdeckSandboxWarm', $true)
	& {
		# A turn's connect and cmdlets are POSTs with a body, its disconnect a DELETE: each its own code
		# the first time (10-40 ms over a process's first tenant's connect). The sandbox's control
		# surface answers these two at once and does nothing with them.
		try { $null = Invoke-SandboxRequest 'POST' ((Get-SandboxBaseUrl) + '/_sandbox/warm-up') 'none' 'warm-up' '{"warmUp":true}' 2000 } catch { }
		try { $null = Invoke-SandboxRequest 'DELETE' ((Get-SandboxBaseUrl) + '/_sandbox/warm-up') 'none' 'warm-up' '' 2000 } catch { }
		try { Connect-ExchangeOnline -DelegatedOrganization 'warm-up.invalid' -CommandName 'Get-Mailbox' -ShowBanner:$false } catch { }
		try { Get-Mailbox -ResultSize Unlimited } catch { }
		$null = Get-ConnectionInformation
		Disconnect-ExchangeOnline -Confirm:$false
	}
}

Export-ModuleMember -Function 'Connect-ExchangeOnline', 'Get-ConnectionInformation', 'Disconnect-ExchangeOnline', 'Get-Mailbox', 'Get-EXOMailbox', 'Get-InboxRule', 'Get-Recipient', 'Set-Mailbox'
