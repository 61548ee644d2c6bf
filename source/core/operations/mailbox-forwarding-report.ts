// mailbox-forwarding-report's Exchange half: every mailbox and inbox rule that sends mail outside the
// organisation — the first thing an MSP checks after a breach, because attackers leave exactly this.
// "Outside" means a domain none of the tenant's mailboxes uses (accepted domains in practice).

import type {ExchangeCall, ExchangePort} from '../ports.js';
import type {Tenant} from '../tenant.js';
import {z} from 'zod';
import {defineOperation, type Row} from '../operation.js';
import {toRow} from './mailboxes-list.js';
import {exchangeAdminRoles} from '../permissions.js';

export const forwardingReportCommands = ['Get-Mailbox', 'Get-InboxRule'] as const;

// One mailbox whose rules cannot be read becomes a row saying so, not a failed tenant.
export const forwardingReportScript = `$a = $Args[0]
$mailboxes = @(Get-Mailbox -ResultSize Unlimited)
$internal = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
foreach ($domain in @($a.domains)) { $null = $internal.Add([string]$domain) }
$addressPattern = '[^\\s\\[\\]"<>:;,]+@([^\\s\\[\\]"<>;,]+)'
foreach ($mailbox in $mailboxes) {
	foreach ($address in @(@($mailbox.EmailAddresses) + @($mailbox.PrimarySmtpAddress))) {
		foreach ($match in [regex]::Matches([string]$address, $addressPattern)) { $null = $internal.Add($match.Groups[1].Value) }
	}
}
# Exchange prints a rule's recipient as "name" [SMTP:address]: one address, found twice.
function Get-OutsideAddresses($values) {
	$seen = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
	foreach ($value in @($values)) {
		if ($null -eq $value) { continue }
		foreach ($match in [regex]::Matches([string]$value, $addressPattern)) {
			if (-not $internal.Contains($match.Groups[1].Value) -and $seen.Add($match.Value)) { $match.Value }
		}
	}
}
foreach ($mailbox in $mailboxes) {
	$owner = [string]$mailbox.PrimarySmtpAddress
	$outside = @(Get-OutsideAddresses $mailbox.ForwardingSmtpAddress)
	if ($outside.Count -gt 0) {
		[pscustomobject]@{ mailbox = $owner; displayName = [string]$mailbox.DisplayName; source = 'mailbox'; rule = ''; action = 'ForwardingSmtpAddress'; destination = $outside -join '; '; enabled = $true; keepsCopy = [bool]$mailbox.DeliverToMailboxAndForward }
	}
	try {
		$rules = @(Get-InboxRule -Mailbox $owner)
	} catch {
		[pscustomobject]@{ mailbox = $owner; displayName = [string]$mailbox.DisplayName; source = 'error'; rule = ''; action = 'Get-InboxRule failed'; destination = $_.Exception.Message; enabled = $false; keepsCopy = $false }
		continue
	}
	foreach ($rule in $rules) {
		foreach ($action in 'ForwardTo', 'ForwardAsAttachmentTo', 'RedirectTo') {
			$outside = @(Get-OutsideAddresses $rule.$action)
			if ($outside.Count -eq 0) { continue }
			[pscustomobject]@{ mailbox = $owner; displayName = [string]$mailbox.DisplayName; source = 'inbox rule'; rule = [string]$rule.Name; action = $action; destination = $outside -join '; '; enabled = [bool]$rule.Enabled; keepsCopy = -not [bool]$rule.DeleteMessage }
		}
	}
}`;

export const forwardingReportPowerShell =
	'Connect-ExchangeOnline -DelegatedOrganization <tenant> -AccessToken <token> -ShowBanner:$false; Get-Mailbox -ResultSize Unlimited | Where-Object ForwardingSmtpAddress; Get-Mailbox -ResultSize Unlimited | ForEach-Object { Get-InboxRule -Mailbox $_.PrimarySmtpAddress | Where-Object { $_.ForwardTo -or $_.ForwardAsAttachmentTo -or $_.RedirectTo } }; Disconnect-ExchangeOnline -Confirm:$false';

export const forwardingReportColumns = ['mailbox', 'displayName', 'source', 'rule', 'action', 'destination', 'enabled', 'keepsCopy'] as const;

type CallOptions = Pick<ExchangeCall, 'signal' | 'onPhase'>;

export async function forwardingReport(exchange: ExchangePort, tenant: Tenant, _params: Record<string, never> = {}, options: CallOptions = {}): Promise<Row[]> {
	const rows = await exchange.run({
		tenant,
		commands: forwardingReportCommands,
		script: forwardingReportScript,
		args: {domains: [tenant.tenantDomain]},
		...options,
	});
	return rows.map(toRow);
}

export const mailboxForwardingReport = defineOperation({
	id: 'mailbox-forwarding-report',
	title: 'Mail forwarded outside',
	description: 'Finds every mailbox forwarding setting and inbox rule that sends mail to an outside address — the first thing to check after a suspected breach, because attackers leave exactly this behind.',
	risk: 'read',
	backend: 'exchange',
	permissions: {graph: [], exchange: 'Exchange.Manage', roles: exchangeAdminRoles},
	powershell: forwardingReportPowerShell,
	params: z.object({}),
	columns: forwardingReportColumns,
	async *run({exchange, tenant, signal, onPhase}) {
		yield* await forwardingReport(exchange, tenant, {}, {signal, onPhase});
	},
});
