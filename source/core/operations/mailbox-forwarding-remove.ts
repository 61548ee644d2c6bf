// Removes mailbox-level forwarding (ForwardingAddress and ForwardingSmtpAddress) from named mailboxes:
// the clean-up after mailbox-forwarding-report. The addresses and the dry-run flag reach PowerShell as
// data; rows stream back as each mailbox is done, so a cut-short run still audits what it changed.

import {z} from 'zod';
import {changeColumns, defineOperation, type Row} from '../operation.js';
import {toRow} from './mailboxes-list.js';
import {addressList} from './address-list.js';
import {exchangeRows} from '../exchange-stream.js';
import {exchangeWriteRoles} from '../permissions.js';

export const forwardingRemoveCommands = ['Get-Mailbox', 'Get-Recipient', 'Set-Mailbox'] as const;

/** The one property the rows name: both forwarding settings are cleared together. */
export const forwardingProperty = 'forwarding';

// Every cmdlet carries -ErrorAction Stop: module functions do not see the caller's preference, so a
// non-terminating failure would slip past the catch and be reported as changed. ForwardingAddress
// wins over ForwardingSmtpAddress, so both are cleared; clearing one and setting
// DeliverToMailboxAndForward $false would turn a forward-with-copy into forward-only. An attempt
// record goes out before each Set-Mailbox, so a change cut short mid-cmdlet is still accounted for,
// and a progress record after each mailbox.
export const forwardingRemoveScript = `$a = $Args[0]
$total = @($a.mailboxes).Count
$done = 0
function Get-TdRecipientAddress($identity) {
	if (-not [string]$identity) { return '' }
	try { return [string](Get-Recipient -Identity ([string]$identity) -ErrorAction Stop).PrimarySmtpAddress } catch { return [string]$identity }
}
function Get-TdForwarding($box) {
	$parts = @()
	$address = Get-TdRecipientAddress $box.ForwardingAddress
	$smtp = ([string]$box.ForwardingSmtpAddress) -replace '^smtp:', ''
	if ($address) { $parts += "ForwardingAddress $address" }
	if ($smtp) { if ($address) { $parts += "ForwardingSmtpAddress $smtp (not in effect)" } else { $parts += "ForwardingSmtpAddress $smtp" } }
	if ($parts.Count -gt 0) { if ([bool]$box.DeliverToMailboxAndForward) { $parts += 'keeps a copy' } else { $parts += 'no copy kept' } }
	$parts -join '; '
}
foreach ($id in $a.mailboxes) {
	$done++
	$found = @()
	try { $found = @(Get-Mailbox -Identity $id -ErrorAction Stop) } catch { $found = @() }
	# -Identity also matches aliases and names: act only on the mailbox that owns this exact address.
	$box = @($found | Where-Object { ([string]$_.PrimarySmtpAddress) -eq $id -or (@($_.EmailAddresses) -contains "smtp:$id") })[0]
	if ($null -eq $box) {
		# Every address was matched to this tenant before the run: one it lacks is a failed row, never skipped.
		[pscustomobject]@{ target = $id; property = '${forwardingProperty}'; before = ''; after = ''; result = 'not found' }
		[pscustomobject]@{ PSTypeName = 'Tenantdeck.Progress'; done = $done; total = $total }
		continue
	}
	$target = [string]$box.PrimarySmtpAddress
	$before = Get-TdForwarding $box
	if (-not $before) { $result = 'unchanged'; $after = '' }
	elseif ($a.dryRun) { $result = 'would change'; $after = '' }
	else {
		[pscustomobject]@{ PSTypeName = 'Tenantdeck.Attempt'; target = $target; property = '${forwardingProperty}'; before = $before; after = '' }
		# One mailbox failing must not hide the ones already changed: each reports its own outcome.
		try {
			Set-Mailbox -Identity $target -ForwardingAddress $null -ForwardingSmtpAddress $null -DeliverToMailboxAndForward $false -Confirm:$false -ErrorAction Stop
			$after = Get-TdForwarding (Get-Mailbox -Identity $target -ErrorAction Stop)
			$result = if ($after) { 'failed: forwarding is still set after Set-Mailbox' } else { 'changed' }
		} catch {
			$after = $before
			$result = 'failed: ' + $_.Exception.Message
		}
	}
	[pscustomobject]@{ target = $target; property = '${forwardingProperty}'; before = $before; after = $after; result = $result }
	[pscustomobject]@{ PSTypeName = 'Tenantdeck.Progress'; done = $done; total = $total }
}`;

const addresses = addressList({entry: 'mailbox', entryKind: 'mailbox address', example: 'anne@contoso.com'});

export const mailboxForwardingRemove = defineOperation({
	id: 'mailbox-forwarding-remove',
	title: 'Remove mailbox forwarding',
	description: 'Clears the forwarding of the mailboxes you name (both ForwardingAddress and ForwardingSmtpAddress), so their mail stops going elsewhere, and shows each before → after. Mailboxes with no forwarding are reported as unchanged. Try a dry run first.',
	risk: 'write',
	backend: 'exchange',
	permissions: {graph: [], exchange: 'Exchange.Manage', roles: exchangeWriteRoles},
	powershell: 'Connect-ExchangeOnline -DelegatedOrganization <tenant> -AccessToken <token>; Set-Mailbox -Identity anne@contoso.com -ForwardingAddress $null -ForwardingSmtpAddress $null -DeliverToMailboxAndForward $false -ErrorAction Stop',
	targets: {param: 'mailboxes', lookup: 'domain', noun: 'mailbox'},
	powershellFor: (params, tenant) => [
		`Connect-ExchangeOnline -DelegatedOrganization ${tenant?.tenantDomain ?? '<tenant>'} -AccessToken <token>`,
		...params.mailboxes.map(address => `Set-Mailbox -Identity ${address} -ForwardingAddress $null -ForwardingSmtpAddress $null -DeliverToMailboxAndForward $false -ErrorAction Stop`),
	],
	params: z.object({
		mailboxes: addresses.describe('Mailbox addresses, separated by commas'),
	}),
	columns: changeColumns,
	progressUnit: 'mailboxes',
	async *run({exchange, tenant, signal, onPhase, onProgress, dryRun}, params) {
		const rows = exchangeRows(exchange, {
			tenant,
			commands: forwardingRemoveCommands,
			script: forwardingRemoveScript,
			args: {mailboxes: params.mailboxes, dryRun},
			signal,
			onPhase,
		}, {onProgress});
		for await (const row of rows) yield toRow(row) as Row;
	},
});
