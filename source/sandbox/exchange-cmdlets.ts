// The cmdlets the sandbox's InvokeCommand answers, with the parameters tenantdeck uses and the
// service's own error wording, so failures read the same as against Exchange Online.

import {findMailbox, findRecipient, type ExchangeDirectory, type SandboxMailbox} from './exchange-mailboxes.js';

export type CmdletOutcome = {items: Array<Record<string, unknown>>} | {status: number; code: string; message: string};

type Parameters = Record<string, unknown>;
type Cmdlet = {accepts: readonly string[]; run(directory: ExchangeDirectory, parameters: Parameters): CmdletOutcome};

const SERVER = 'AM0PR01A001DC01.EURPRD01.PROD.OUTLOOK.COM';

const failure = (status: number, type: string, message: string): CmdletOutcome => ({
	status,
	code: type.split('.').pop()!,
	message: `|${type}|${message}`,
});

const shown = (identity: string) => (identity.length > 200 ? `${identity.slice(0, 200)}…` : identity);

const notFound = (identity: string) =>
	failure(404, 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException', `The operation couldn't be performed because object '${shown(identity)}' couldn't be found on '${SERVER}'.`);

const invalid = (message: string) => failure(400, 'Microsoft.Exchange.Management.Tasks.InvalidParameterException', message);

function resultSize(value: unknown): number | CmdletOutcome {
	if (value === undefined || value === null) return 1000;
	if (typeof value === 'string' && value.toLowerCase() === 'unlimited') return Number.POSITIVE_INFINITY;
	const size = Number(value);
	if (Number.isInteger(size) && size > 0) return size;
	return invalid(`Cannot process argument transformation on parameter 'ResultSize'. Cannot convert value "${shown(String(value))}" to type "Unlimited".`);
}

function selectMailboxes(directory: ExchangeDirectory, parameters: Parameters): SandboxMailbox[] | CmdletOutcome {
	const size = resultSize(parameters['ResultSize']);
	if (typeof size !== 'number') return size;
	if (parameters['Identity'] !== undefined && parameters['Identity'] !== null) {
		const identity = String(parameters['Identity']);
		const mailbox = findMailbox(directory, identity);
		return mailbox ? [mailbox] : notFound(identity);
	}
	const kinds = [parameters['RecipientTypeDetails'] ?? []].flat().map(kind => String(kind).toLowerCase());
	const chosen = directory.mailboxes.filter(mailbox => kinds.length === 0 || kinds.includes(mailbox.RecipientTypeDetails.toLowerCase()));
	return chosen.slice(0, size);
}

const minimumProperties = ['ExternalDirectoryObjectId', 'UserPrincipalName', 'Alias', 'DisplayName', 'EmailAddresses', 'PrimarySmtpAddress', 'RecipientTypeDetails', 'Identity', 'Name', 'Guid'];

const cmdlets: Record<string, Cmdlet> = {
	'Get-Mailbox': {
		accepts: ['Identity', 'ResultSize', 'RecipientTypeDetails'],
		run(directory, parameters) {
			const chosen = selectMailboxes(directory, parameters);
			return Array.isArray(chosen) ? {items: chosen.map(mailbox => ({...mailbox, RecipientType: 'UserMailbox'}))} : chosen;
		},
	},
	'Get-EXOMailbox': {
		accepts: ['Identity', 'ResultSize', 'RecipientTypeDetails', 'Properties', 'PropertySets'],
		run(directory, parameters) {
			const chosen = selectMailboxes(directory, parameters);
			if (!Array.isArray(chosen)) return chosen;
			const wanted = [...minimumProperties, ...[parameters['Properties'] ?? []].flat().map(String)];
			const all = [parameters['PropertySets'] ?? []].flat().some(set => String(set).toLowerCase() === 'all');
			const pick = (mailbox: SandboxMailbox) =>
				all ? {...mailbox} : Object.fromEntries(Object.entries(mailbox).filter(([key]) => wanted.some(name => name.toLowerCase() === key.toLowerCase())));
			return {items: chosen.map(pick)};
		},
	},
	'Get-InboxRule': {
		accepts: ['Mailbox', 'Identity', 'IncludeHidden'],
		run(directory, parameters) {
			if (parameters['Mailbox'] === undefined) return invalid('Get-InboxRule needs -Mailbox when connected with delegated access.');
			const identity = String(parameters['Mailbox']);
			const mailbox = findMailbox(directory, identity);
			if (!mailbox) return notFound(identity);
			const all = parameters['IncludeHidden'] === true;
			return {items: (directory.rules.get(mailbox.Identity) ?? []).filter(rule => all || !directory.hidden.has(rule)).map(rule => ({...rule}))};
		},
	},
	'Get-Recipient': {
		accepts: ['Identity'],
		run(directory, parameters) {
			const identity = String(parameters['Identity'] ?? '');
			const found = findRecipient(directory, identity);
			if (!found) return notFound(identity);
			const kind = 'RecipientType' in found ? found.RecipientType : 'UserMailbox';
			return {items: [{Identity: found.Identity, Name: found.Name, Alias: found.Alias, DisplayName: found.DisplayName, PrimarySmtpAddress: found.PrimarySmtpAddress, EmailAddresses: found.EmailAddresses, RecipientType: kind, RecipientTypeDetails: found.RecipientTypeDetails}]};
		},
	},
	'Set-Mailbox': {
		accepts: ['Identity', 'ForwardingSmtpAddress', 'ForwardingAddress', 'DeliverToMailboxAndForward', 'HiddenFromAddressListsEnabled'],
		run(directory, parameters) {
			const identity = String(parameters['Identity'] ?? '');
			const mailbox = findMailbox(directory, identity);
			if (!mailbox) return notFound(identity);
			if ('ForwardingSmtpAddress' in parameters) {
				const address = parameters['ForwardingSmtpAddress'];
				mailbox.ForwardingSmtpAddress = address ? (String(address).toLowerCase().startsWith('smtp:') ? String(address) : `smtp:${String(address)}`) : null;
			}
			if ('ForwardingAddress' in parameters) mailbox.ForwardingAddress = parameters['ForwardingAddress'] ? String(parameters['ForwardingAddress']) : null;
			if ('DeliverToMailboxAndForward' in parameters) mailbox.DeliverToMailboxAndForward = parameters['DeliverToMailboxAndForward'] === true;
			if ('HiddenFromAddressListsEnabled' in parameters) mailbox.HiddenFromAddressListsEnabled = parameters['HiddenFromAddressListsEnabled'] === true;
			return {items: []};
		},
	},
};

export function runCmdlet(name: string, parameters: Parameters, directory: ExchangeDirectory): CmdletOutcome {
	const cmdlet = Object.entries(cmdlets).find(([known]) => known.toLowerCase() === name.toLowerCase())?.[1];
	if (!cmdlet) {
		return failure(400, 'System.Management.Automation.CommandNotFoundException', `The term '${shown(name)}' is not recognized as a name of a cmdlet available in the sandbox.`);
	}
	for (const given of Object.keys(parameters)) {
		if (!cmdlet.accepts.some(known => known.toLowerCase() === given.toLowerCase())) {
			return failure(400, 'System.Management.Automation.ParameterBindingException', `A parameter cannot be found that matches parameter name '${shown(given)}'.`);
		}
	}
	return cmdlet.run(directory, parameters);
}
