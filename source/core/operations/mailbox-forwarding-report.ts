// mailbox-forwarding-report's Exchange half: every mailbox and inbox rule that sends mail outside the
// organisation — the first thing an MSP checks after a breach, because attackers leave exactly this.
// "Outside" means a domain none of the tenant's mailboxes uses (accepted domains in practice).

import type {ExchangeCall, ExchangePort} from '../ports.js';
import type {Tenant} from '../tenant.js';
import {z} from 'zod';
import {defineOperation, type Row} from '../operation.js';
import {toRow} from './mailboxes-list.js';
import {exchangeRows, type ExchangeStreamOptions} from '../exchange-stream.js';
import {exchangeAdminRoles} from '../permissions.js';
import {TenantdeckError} from '../errors.js';
import {counted} from '../write-targets.js';

export const forwardingReportCommands = ['Get-Mailbox', 'Get-Recipient', 'Get-InboxRule'] as const;

// One mailbox whose rules cannot be read becomes a row saying so and the report goes on (the tenant
// fails at its end: see run); every cmdlet carries -ErrorAction Stop, so such a failure is caught
// rather than silently dropping its rules.
// ForwardingAddress (a recipient: mailbox or mail contact) is resolved to its address and wins over
// ForwardingSmtpAddress, which is then reported as not in effect. -IncludeHidden shows the rules
// Outlook hides, which is where attackers put theirs. A progress record follows each mailbox.
export const forwardingReportScript = `$a = $Args[0]
$mailboxes = @(Get-Mailbox -ResultSize Unlimited -ErrorAction Stop)
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
$total = $mailboxes.Count
$done = 0
foreach ($mailbox in $mailboxes) {
	$owner = [string]$mailbox.PrimarySmtpAddress
	$name = [string]$mailbox.DisplayName
	$keepsCopy = [bool]$mailbox.DeliverToMailboxAndForward
	$forwardTo = ''
	if ([string]$mailbox.ForwardingAddress) {
		try { $forwardTo = [string](Get-Recipient -Identity ([string]$mailbox.ForwardingAddress) -ErrorAction Stop).PrimarySmtpAddress } catch { $forwardTo = '' }
		if (-not $forwardTo) { $forwardTo = [string]$mailbox.ForwardingAddress }
	}
	$smtpOutside = @(Get-OutsideAddresses $mailbox.ForwardingSmtpAddress)
	$addressOutside = @(if ($forwardTo -and -not $forwardTo.Contains('@')) { $forwardTo } else { Get-OutsideAddresses $forwardTo })
	# An inside ForwardingAddress is shown when it is what disables an outside ForwardingSmtpAddress.
	if ($addressOutside.Count -gt 0 -or ($forwardTo -and $smtpOutside.Count -gt 0)) {
		[pscustomobject]@{ mailbox = $owner; displayName = $name; source = 'mailbox'; rule = ''; action = 'ForwardingAddress'; destination = $forwardTo; enabled = $true; keepsCopy = $keepsCopy }
	}
	if ($smtpOutside.Count -gt 0) {
		[pscustomobject]@{ mailbox = $owner; displayName = $name; source = 'mailbox'; rule = ''; action = 'ForwardingSmtpAddress'; destination = $smtpOutside -join '; '; enabled = -not $forwardTo; keepsCopy = $keepsCopy }
	}
	$rules = $null
	try {
		$rules = @(Get-InboxRule -Mailbox $owner -IncludeHidden -ErrorAction Stop)
	} catch {
		[pscustomobject]@{ mailbox = $owner; displayName = $name; source = 'error'; rule = ''; action = 'Get-InboxRule failed'; destination = $_.Exception.Message; enabled = $false; keepsCopy = $false }
	}
	foreach ($rule in @($rules)) {
		if ($null -eq $rule) { continue }
		foreach ($action in 'ForwardTo', 'ForwardAsAttachmentTo', 'RedirectTo') {
			$outside = @(Get-OutsideAddresses $rule.$action)
			if ($outside.Count -eq 0) { continue }
			[pscustomobject]@{ mailbox = $owner; displayName = $name; source = 'inbox rule'; rule = [string]$rule.Name; action = $action; destination = $outside -join '; '; enabled = [bool]$rule.Enabled; keepsCopy = -not [bool]$rule.DeleteMessage }
		}
	}
	$done++
	[pscustomobject]@{ PSTypeName = 'Tenantdeck.Progress'; done = $done; total = $total }
}`;

export const forwardingReportPowerShell =
	'Connect-ExchangeOnline -DelegatedOrganization <tenant> -AccessToken <token> -ShowBanner:$false; Get-Mailbox -ResultSize Unlimited | Where-Object { $_.ForwardingAddress -or $_.ForwardingSmtpAddress } | Select-Object PrimarySmtpAddress, @{n="ForwardingAddress";e={(Get-Recipient $_.ForwardingAddress).PrimarySmtpAddress}}, ForwardingSmtpAddress, DeliverToMailboxAndForward; Get-Mailbox -ResultSize Unlimited | ForEach-Object { Get-InboxRule -Mailbox $_.PrimarySmtpAddress -IncludeHidden -ErrorAction Stop | Where-Object { $_.ForwardTo -or $_.ForwardAsAttachmentTo -or $_.RedirectTo } }; Disconnect-ExchangeOnline -Confirm:$false';

export const forwardingReportColumns = ['mailbox', 'displayName', 'source', 'rule', 'action', 'destination', 'enabled', 'keepsCopy'] as const;

type CallOptions = Pick<ExchangeCall, 'signal' | 'onPhase'> & ExchangeStreamOptions;

/** The tenant's report rows, yielded as each mailbox is read. */
export async function* forwardingReportRows(exchange: ExchangePort, tenant: Tenant, options: CallOptions = {}): AsyncIterable<Row> {
	const {onProgress, ...call} = options;
	const rows = exchangeRows(exchange, {tenant, commands: forwardingReportCommands, script: forwardingReportScript, args: {domains: [tenant.tenantDomain]}, ...call}, {onProgress});
	for await (const row of rows) yield toRow(row);
}

export async function forwardingReport(exchange: ExchangePort, tenant: Tenant, _params: Record<string, never> = {}, options: CallOptions = {}): Promise<Row[]> {
	const rows: Row[] = [];
	for await (const row of forwardingReportRows(exchange, tenant, options)) rows.push(row);
	return rows;
}

export const mailboxForwardingReport = defineOperation({
	id: 'mailbox-forwarding-report',
	title: 'Mail forwarded outside',
	description: 'Finds every mailbox forwarding setting (ForwardingAddress, resolved to its address, and ForwardingSmtpAddress) and inbox rule, hidden ones included, that sends mail to an outside address — the first thing to check after a suspected breach, because attackers leave exactly this behind.',
	risk: 'read',
	backend: 'exchange',
	permissions: {graph: [], exchange: 'Exchange.Manage', roles: exchangeAdminRoles},
	powershell: forwardingReportPowerShell,
	params: z.object({}),
	columns: forwardingReportColumns,
	progressUnit: 'mailboxes',
	async *run({exchange, tenant, signal, onPhase, onProgress}) {
		let unreadable = 0;
		let first: Row | undefined;
		let total = 0;
		const counted = (done: number, of: number) => {
			total = of;
			onProgress?.(done, of);
		};
		for await (const row of forwardingReportRows(exchange, tenant, {signal, onPhase, onProgress: counted})) {
			if (row['source'] === 'error') {
				unreadable++;
				first ??= row;
			}
			yield row;
		}
		// A breach check that could not read every mailbox's rules must not read as done: the tenant
		// fails (exit 3, "r" retries it), with every row it did read kept, as the removal does.
		if (first) throw incompleteReport(unreadable, total, first);
	},
});

function incompleteReport(unreadable: number, total: number, first: Row): TenantdeckError {
	return new TenantdeckError('unavailable', `The inbox rules of ${unreadable} of ${counted(total || unreadable, 'mailbox')} could not be read (${String(first['mailbox'])}: ${String(first['destination'])}), so this tenant's report is incomplete.`, {
		hint: 'Every row read is kept, each unreadable mailbox as a row of source "error". Retry the tenant (r in the console, or run it again).',
	});
}
