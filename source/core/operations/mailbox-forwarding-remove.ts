// Removes mailbox-level forwarding (ForwardingSmtpAddress) from named mailboxes: the clean-up after
// mailbox-forwarding-report. The addresses and the dry-run flag reach PowerShell as data.

import {z} from 'zod';
import {changeColumns, defineOperation, type Row} from '../operation.js';
import {toRow} from './mailboxes-list.js';
import {addressList} from './address-list.js';
import {exchangeWriteRoles} from '../permissions.js';

export const forwardingRemoveCommands = ['Get-Mailbox', 'Set-Mailbox'] as const;

export const forwardingRemoveScript = `$a = $Args[0]
foreach ($id in $a.mailboxes) {
	$found = @()
	try { $found = @(Get-Mailbox -Identity $id) } catch { $found = @() }
	# -Identity also matches aliases and names: act only on the mailbox that owns this exact address.
	$box = @($found | Where-Object { ([string]$_.PrimarySmtpAddress) -eq $id -or (@($_.EmailAddresses) -contains "smtp:$id") })[0]
	if ($null -eq $box) {
		if ($id.Split('@')[-1] -eq $a.domain) { [pscustomobject]@{ target = $id; property = 'ForwardingSmtpAddress'; before = ''; after = ''; result = 'not found' } }
		continue
	}
	$target = [string]$box.PrimarySmtpAddress
	$before = [string]$box.ForwardingSmtpAddress
	if (-not $before) { [pscustomobject]@{ target = $target; property = 'ForwardingSmtpAddress'; before = ''; after = ''; result = 'unchanged' }; continue }
	if ($a.dryRun) { [pscustomobject]@{ target = $target; property = 'ForwardingSmtpAddress'; before = $before; after = ''; result = 'would change' }; continue }
	# One mailbox failing must not hide the ones already changed: each reports its own outcome.
	try {
		Set-Mailbox -Identity $target -ForwardingSmtpAddress $null -DeliverToMailboxAndForward $false -Confirm:$false
		[pscustomobject]@{ target = $target; property = 'ForwardingSmtpAddress'; before = $before; after = ''; result = 'changed' }
	} catch {
		[pscustomobject]@{ target = $target; property = 'ForwardingSmtpAddress'; before = $before; after = $before; result = 'failed: ' + $_.Exception.Message }
	}
}`;

const addresses = addressList('give one or more mailbox addresses, separated by commas', 'each mailbox must be an address like anne@contoso.com');

export const mailboxForwardingRemove = defineOperation({
	id: 'mailbox-forwarding-remove',
	title: 'Remove mailbox forwarding',
	description: 'Clears the forwarding address of the mailboxes you name, so their mail stops going elsewhere. Mailboxes with no forwarding are reported as unchanged. Try a dry run first.',
	risk: 'write',
	backend: 'exchange',
	permissions: {graph: [], exchange: 'Exchange.Manage', roles: exchangeWriteRoles},
	powershell: 'Connect-ExchangeOnline -DelegatedOrganization <tenant> -AccessToken <token>; Set-Mailbox -Identity anne@contoso.com -ForwardingSmtpAddress $null -DeliverToMailboxAndForward $false',
	params: z.object({
		mailboxes: addresses.describe('Mailbox addresses, separated by commas'),
	}),
	columns: changeColumns,
	async *run({exchange, tenant, signal, onPhase, dryRun}, params) {
		const rows = await exchange.run({
			tenant,
			commands: forwardingRemoveCommands,
			script: forwardingRemoveScript,
			args: {mailboxes: params.mailboxes, domain: tenant.tenantDomain.toLowerCase(), dryRun},
			signal,
			onPhase,
		});
		yield* rows.map((row): Row => toRow(row));
	},
});
