// The PowerShell the supervisor itself sends around each tenant's script: import, connect,
// disconnect. The same text runs against the real ExchangeOnlineManagement module and the sandbox's
// stand-in; values always arrive as $Args[0], never inside the text.

import {TenantdeckError, asTenantdeckError} from './errors.js';

/** 3.2 is the first version with Disconnect-ExchangeOnline -ConnectionId. */
export const importScript = "Import-Module ExchangeOnlineManagement -MinimumVersion 3.2.0 -ErrorAction Stop\n'ready'";

// The new connection is the one Get-ConnectionInformation did not list before, so a process that
// served tenants before still disconnects the right one.
export const connectScript = [
	'$a = $Args[0]',
	'$before = @(Get-ConnectionInformation | ForEach-Object { $_.ConnectionId })',
	// Sovereign clouds name their environment (O365USGovGCCHigh, O365USGovDoD, O365China); worldwide leaves it out.
	'$cloud = @{}; if ($a.environment) { $cloud.ExchangeEnvironmentName = $a.environment }',
	'Connect-ExchangeOnline -DelegatedOrganization $a.organization -AccessToken $a.token -ShowBanner:$false -SkipLoadingFormatData -CommandName $a.commands @cloud',
	'$new = @(Get-ConnectionInformation | Where-Object { $before -notcontains $_.ConnectionId })',
	"if ($new.Count -ne 1) { throw \"Connect-ExchangeOnline reported $($new.Count) new connections instead of one.\" }",
	'[string]$new[0].ConnectionId',
].join('\n');

export const disconnectScript = 'Disconnect-ExchangeOnline -ConnectionId $Args[0].connectionId -Confirm:$false';

/** After a failed connect the process may hold a connection whose id we never learnt: close all. */
export const disconnectAllScript = 'Disconnect-ExchangeOnline -Confirm:$false';

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
