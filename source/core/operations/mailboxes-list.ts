// mailboxes-list's Exchange half: the PowerShell it runs in each tenant's connection and the function
// that turns the result into rows. The identity reaches Get-Mailbox as data ($Args[0]), never as text.

import type {ExchangeCall, ExchangePort} from '../ports.js';
import type {Tenant} from '../tenant.js';
import {z} from 'zod';
import {defineOperation, type Row} from '../operation.js';
import {exchangeRows} from '../exchange-stream.js';
import {exchangeReadRoles} from '../permissions.js';

export const mailboxesListCommands = ['Get-Mailbox'] as const;

/** Engine commands and Exchange cmdlets only, so it runs the same in pwsh and the sandbox's engine host. */
export const mailboxesListScript = `$a = $Args[0]
$found = if ($null -ne $a.identity) { Get-Mailbox -Identity $a.identity -ErrorAction Stop } else { Get-Mailbox -ResultSize Unlimited -ErrorAction Stop }
$found | ForEach-Object {
	[pscustomobject]@{
		displayName = [string]$_.DisplayName
		primarySmtpAddress = [string]$_.PrimarySmtpAddress
		userPrincipalName = [string]$_.UserPrincipalName
		recipientType = [string]$_.RecipientTypeDetails
		forwardingSmtpAddress = [string]$_.ForwardingSmtpAddress
		hiddenFromAddressLists = [bool]$_.HiddenFromAddressListsEnabled
		created = if ($_.WhenMailboxCreated) { ([datetime]$_.WhenMailboxCreated).ToUniversalTime().ToString('yyyy-MM-dd') } else { '' }
	}
}`;

/** What a person would type for one tenant (shown to teach). */
export const mailboxesListPowerShell =
	'Connect-ExchangeOnline -DelegatedOrganization <tenant> -AccessToken <token> -ShowBanner:$false; Get-Mailbox -ResultSize Unlimited | Select-Object DisplayName, PrimarySmtpAddress, RecipientTypeDetails, ForwardingSmtpAddress; Disconnect-ExchangeOnline -Confirm:$false';

export const mailboxesListColumns = ['displayName', 'primarySmtpAddress', 'userPrincipalName', 'recipientType', 'forwardingSmtpAddress', 'hiddenFromAddressLists', 'created'] as const;

export type MailboxesListParams = {identity?: string};

type CallOptions = Pick<ExchangeCall, 'signal' | 'onPhase'>;

/** Flat cells only: anything else becomes its string form. */
export function toRow(item: Record<string, unknown>): Row {
	return Object.fromEntries(
		Object.entries(item).map(([key, value]) => [key, value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : JSON.stringify(value)]),
	);
}

export async function listMailboxes(exchange: ExchangePort, tenant: Tenant, params: MailboxesListParams, options: CallOptions = {}): Promise<Row[]> {
	const rows = await exchange.run({
		tenant,
		commands: mailboxesListCommands,
		script: mailboxesListScript,
		args: params.identity === undefined ? {} : {identity: params.identity},
		...options,
	});
	return rows.map(toRow);
}

export const mailboxesList = defineOperation({
	id: 'mailboxes-list',
	title: 'List mailboxes',
	description: 'Lists the mailboxes of each tenant through Exchange Online PowerShell: name, address, type, forwarding and whether hidden from the address book. Give an identity to look at one mailbox.',
	risk: 'read',
	backend: 'exchange',
	permissions: {graph: [], exchange: 'Exchange.Manage', roles: exchangeReadRoles},
	powershell: mailboxesListPowerShell,
	params: z.object({
		identity: z.string().min(1).max(100_000).optional().describe('One mailbox: name, alias or address (passed to Get-Mailbox -Identity)'),
	}),
	columns: mailboxesListColumns,
	async *run({exchange, tenant, signal, onPhase}, params) {
		const args = params.identity === undefined ? {} : {identity: params.identity};
		for await (const row of exchangeRows(exchange, {tenant, commands: mailboxesListCommands, script: mailboxesListScript, args, signal, onPhase})) yield toRow(row);
	},
});
