// Each customer's Exchange data, derived from its directory: a mailbox for every user with an
// Exchange plan plus a shared mailbox or two, and the forwarding a breach leaves behind — some
// mailboxes forward to outside addresses, some inbox rules forward or redirect outside. Seeded,
// generated on first use and kept per world, so Set-Mailbox changes persist.

import {Random, seedFrom} from './random.js';
import type {SandboxUser} from './tenant-users.js';
import type {TenantRecord, World} from './world.js';

export type SandboxMailbox = {
	Identity: string;
	Name: string;
	Alias: string;
	DisplayName: string;
	UserPrincipalName: string;
	PrimarySmtpAddress: string;
	EmailAddresses: string[];
	RecipientTypeDetails: 'UserMailbox' | 'SharedMailbox';
	ExternalDirectoryObjectId: string;
	Guid: string;
	ExchangeGuid: string;
	ForwardingSmtpAddress: string | null;
	ForwardingAddress: string | null;
	DeliverToMailboxAndForward: boolean;
	HiddenFromAddressListsEnabled: boolean;
	IsMailboxEnabled: boolean;
	WhenMailboxCreated: string;
};

export type SandboxInboxRule = {
	Identity: string;
	Name: string;
	RuleIdentity: string;
	MailboxOwnerId: string;
	Enabled: boolean;
	Priority: number;
	Description: string;
	ForwardTo: string[] | null;
	ForwardAsAttachmentTo: string[] | null;
	RedirectTo: string[] | null;
	MoveToFolder: string | null;
	DeleteMessage: boolean;
	StopProcessingRules: boolean;
};

/** A mail contact: how a mailbox forwards outside through ForwardingAddress. */
export type SandboxContact = {
	Identity: string;
	Name: string;
	Alias: string;
	DisplayName: string;
	PrimarySmtpAddress: string;
	ExternalEmailAddress: string;
	EmailAddresses: string[];
	RecipientType: 'MailContact';
	RecipientTypeDetails: 'MailContact';
};

export type ExchangeDirectory = {
	mailboxes: SandboxMailbox[];
	contacts: SandboxContact[];
	rules: Map<string, SandboxInboxRule[]>;
	/** Rules Get-InboxRule shows only with -IncludeHidden (the junk-mail rule, and what attackers hide). */
	hidden: Set<SandboxInboxRule>;
};

const outsiders = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'mail-archive-sync.net', 'icloud.com'];
const harmless = ['Newsletters', 'Invoices', 'Receipts', 'Project updates', 'Conference'];

/** How Exchange prints a recipient in a rule: "name" [SMTP:address]. */
const recipient = (address: string) => `"${address}" [SMTP:${address}]`;

function hasExchange(user: SandboxUser): boolean {
	return user.assignedPlans.some(plan => plan.service === 'exchange');
}

function mailboxOf(random: Random, input: {name: string; display: string; upn: string; objectId: string; created: string; shared: boolean}): SandboxMailbox {
	const alias = input.upn.split('@')[0];
	return {
		Identity: input.name,
		Name: input.name,
		Alias: alias,
		DisplayName: input.display,
		UserPrincipalName: input.upn,
		PrimarySmtpAddress: input.upn,
		EmailAddresses: [`SMTP:${input.upn}`],
		RecipientTypeDetails: input.shared ? 'SharedMailbox' : 'UserMailbox',
		ExternalDirectoryObjectId: input.objectId,
		Guid: random.guid(),
		ExchangeGuid: random.guid(),
		ForwardingSmtpAddress: null,
		ForwardingAddress: null,
		DeliverToMailboxAndForward: false,
		HiddenFromAddressListsEnabled: input.shared,
		IsMailboxEnabled: true,
		WhenMailboxCreated: input.created,
	};
}

function outsideAddress(random: Random, mailbox: SandboxMailbox): string {
	const local = random.chance(0.5) ? mailbox.Alias.replace(/\./g, '') : `${mailbox.Alias.split('.')[0]}${random.int(10, 99)}`;
	return `${local}@${random.pick(outsiders)}`;
}

function rulesFor(random: Random, mailbox: SandboxMailbox, colleagues: SandboxMailbox[]): SandboxInboxRule[] {
	const rules: SandboxInboxRule[] = [];
	const add = (name: string, action: Partial<SandboxInboxRule>) => {
		const ruleIdentity = String(random.int(1_000_000, 9_999_999)) + String(random.int(10_000_000, 99_999_999));
		rules.push({
			Identity: `${mailbox.Identity}\\${ruleIdentity}`,
			Name: name,
			RuleIdentity: ruleIdentity,
			MailboxOwnerId: mailbox.Identity,
			Enabled: true,
			Priority: rules.length + 1,
			Description: `If the message:\r\n\tIncludes these words in the subject: '${name}'\r\n`,
			ForwardTo: null,
			ForwardAsAttachmentTo: null,
			RedirectTo: null,
			MoveToFolder: null,
			DeleteMessage: false,
			StopProcessingRules: false,
			...action,
		});
	};
	if (random.chance(0.5)) add(random.pick(harmless), {MoveToFolder: `${mailbox.Alias}:\\Inbox\\${random.pick(harmless)}`});
	if (colleagues.length > 0 && random.chance(0.1)) add('Copy to assistant', {ForwardTo: [recipient(random.pick(colleagues).PrimarySmtpAddress)]});
	// The shapes attackers leave: forward, forward as attachment, or redirect, often hiding the trace.
	if (random.chance(0.1)) {
		const address = outsideAddress(random, mailbox);
		const kind = random.pick(['ForwardTo', 'ForwardAsAttachmentTo', 'RedirectTo'] as const);
		add(random.pick(['.', '..', 'Sync', 'Archive', 'invoice']), {[kind]: [recipient(address)], DeleteMessage: random.chance(0.5), StopProcessingRules: true});
	}
	return rules;
}

function build(world: World, tenant: TenantRecord): ExchangeDirectory {
	const random = new Random(seedFrom(world.seed, 'exchange', tenant.tenantId));
	const detail = world.detail(tenant);
	const mailboxes = detail.users.filter(hasExchange).map(user =>
		mailboxOf(random, {
			name: user.mailNickname,
			display: user.displayName,
			upn: user.userPrincipalName,
			objectId: user.id,
			created: user.createdDateTime,
			shared: false,
		}),
	);
	const domain = tenant.defaultDomain;
	for (const shared of ['info', 'accounts', 'bookings'].slice(0, random.int(1, 2))) {
		const display = shared[0].toUpperCase() + shared.slice(1);
		mailboxes.push(mailboxOf(random, {name: shared, display, upn: `${shared}@${domain}`, objectId: random.guid(), created: tenant.createdDateTime, shared: true}));
	}
	for (const mailbox of mailboxes) {
		if (mailbox.RecipientTypeDetails === 'UserMailbox' && random.chance(0.08)) {
			mailbox.ForwardingSmtpAddress = `smtp:${outsideAddress(random, mailbox)}`;
			mailbox.DeliverToMailboxAndForward = random.chance(0.5);
		}
	}
	const rules = new Map<string, SandboxInboxRule[]>();
	for (const mailbox of mailboxes) {
		rules.set(mailbox.Identity, rulesFor(random, mailbox, mailboxes.filter(other => other !== mailbox)));
	}
	const directory: ExchangeDirectory = {mailboxes, contacts: [], rules, hidden: new Set()};
	plantHiddenForwards(new Random(seedFrom(world.seed, 'exchange-hidden', tenant.tenantId)), directory);
	return directory;
}

// What a lenient report misses, planted in every tenant with enough mailboxes (its own random stream,
// so the rest of the world stays as it was): a forward through ForwardingAddress to a mail contact
// outside, one where ForwardingAddress and ForwardingSmtpAddress are both set (ForwardingAddress
// wins), and a hidden inbox rule forwarding outside; plus the junk-mail rule every mailbox hides.
function plantHiddenForwards(random: Random, directory: ExchangeDirectory): void {
	const users = directory.mailboxes.filter(mailbox => mailbox.RecipientTypeDetails === 'UserMailbox');
	const hide = (mailbox: SandboxMailbox, name: string, action: Partial<SandboxInboxRule>) => {
		const list = directory.rules.get(mailbox.Identity) ?? [];
		const ruleIdentity = String(random.int(1_000_000, 9_999_999)) + String(random.int(10_000_000, 99_999_999));
		const rule: SandboxInboxRule = {
			Identity: `${mailbox.Identity}\\${ruleIdentity}`, Name: name, RuleIdentity: ruleIdentity, MailboxOwnerId: mailbox.Identity, Enabled: true,
			Priority: list.length + 1, Description: '', ForwardTo: null, ForwardAsAttachmentTo: null, RedirectTo: null, MoveToFolder: null,
			DeleteMessage: false, StopProcessingRules: false, ...action,
		};
		list.push(rule);
		directory.rules.set(mailbox.Identity, list);
		directory.hidden.add(rule);
	};
	for (const mailbox of directory.mailboxes) hide(mailbox, 'Junk E-mail Rule', {Enabled: true});
	if (users.length < 4) return;
	const contact = (mailbox: SandboxMailbox): SandboxContact => {
		const address = outsideAddress(random, mailbox);
		const name = `${mailbox.DisplayName} (external)`;
		const made: SandboxContact = {Identity: name, Name: name, Alias: `${mailbox.Alias}-ext`, DisplayName: name, PrimarySmtpAddress: address, ExternalEmailAddress: `SMTP:${address}`, EmailAddresses: [`SMTP:${address}`], RecipientType: 'MailContact', RecipientTypeDetails: 'MailContact'};
		directory.contacts.push(made);
		return made;
	};
	hide(users[1]!, random.pick(['.', 'Sync', 'RSS Feeds']), {ForwardTo: [recipient(outsideAddress(random, users[1]!))], DeleteMessage: true, StopProcessingRules: true});
	users[2]!.ForwardingAddress = contact(users[2]!).Identity;
	users[2]!.DeliverToMailboxAndForward = false;
	users[3]!.ForwardingAddress = contact(users[3]!).Identity;
	users[3]!.ForwardingSmtpAddress = `smtp:${outsideAddress(random, users[3]!)}`;
	users[3]!.DeliverToMailboxAndForward = true;
}

const cache = new WeakMap<World, Map<string, ExchangeDirectory>>();

/** The tenant's mailboxes and inbox rules, generated once per world. */
export function exchangeDirectory(world: World, tenant: TenantRecord): ExchangeDirectory {
	let perWorld = cache.get(world);
	if (!perWorld) cache.set(world, (perWorld = new Map()));
	let directory = perWorld.get(tenant.tenantId);
	if (!directory) perWorld.set(tenant.tenantId, (directory = build(world, tenant)));
	return directory;
}

/** A mailbox or a mail contact, as Get-Recipient finds it. */
export function findRecipient(directory: ExchangeDirectory, identity: string): SandboxMailbox | SandboxContact | undefined {
	const wanted = identity.trim().toLowerCase();
	return findMailbox(directory, identity) ?? directory.contacts.find(contact => [contact.Identity, contact.Alias, contact.DisplayName, contact.PrimarySmtpAddress].some(value => value.toLowerCase() === wanted));
}

/** Exchange resolves an identity against many properties, case-insensitively. */
export function findMailbox(directory: ExchangeDirectory, identity: string): SandboxMailbox | undefined {
	const wanted = identity.trim().toLowerCase();
	return directory.mailboxes.find(mailbox =>
		[mailbox.Identity, mailbox.Alias, mailbox.DisplayName, mailbox.UserPrincipalName, mailbox.PrimarySmtpAddress, mailbox.Guid, mailbox.ExternalDirectoryObjectId].some(
			value => value.toLowerCase() === wanted,
		),
	);
}
