// Reads the practice cloud's data a lesson checks — every user's passwordPolicies and every
// mailbox's forwarding — through the sandbox's own control endpoints (/_sandbox/*), so a lesson
// checks what really changed in the cloud, not which keys were pressed.

import type {WorldSnapshot} from '../core/lessons/checks.js';

type Customer = {tenantId: string};
type UserView = {userPrincipalName?: string; passwordPolicies?: string | null};
type MailboxView = {address: string; forwardingAddress: string | null; forwardingSmtpAddress: string | null};

async function getJson<T>(url: string, send: typeof fetch): Promise<T> {
	const response = await send(url);
	if (!response.ok) throw new Error(`The practice cloud answered ${response.status} to ${new URL(url).pathname}.`);
	return (await response.json()) as T;
}

export async function readSandboxWorld(sandboxUrl: string, options: {mailboxes: boolean; fetch?: typeof fetch}): Promise<WorldSnapshot> {
	const send = options.fetch ?? fetch;
	const {customers} = await getJson<{customers: Customer[]}>(`${sandboxUrl}/_sandbox/world`, send);
	const users = new Map<string, string>();
	const forwarding = new Map<string, string>();
	await Promise.all(customers.map(async ({tenantId}) => {
		const [people, boxes] = await Promise.all([
			getJson<{value: UserView[]}>(`${sandboxUrl}/_sandbox/users/${tenantId}`, send),
			options.mailboxes ? getJson<{value: MailboxView[]}>(`${sandboxUrl}/_sandbox/mailboxes/${tenantId}`, send) : undefined,
		]);
		for (const user of people.value) if (user.userPrincipalName) users.set(user.userPrincipalName.toLowerCase(), user.passwordPolicies ?? 'None');
		for (const box of boxes?.value ?? []) forwarding.set(box.address.toLowerCase(), [box.forwardingAddress, box.forwardingSmtpAddress].filter(Boolean).join('; '));
	}));
	return {users, forwarding};
}
