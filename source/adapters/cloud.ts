// Where each service lives. Production and sandbox differ only here: scopes and authorities stay
// Microsoft's, and in sandbox mode requests to those hosts are sent to the local cloud instead.

export type Cloud = {
	/** 'public' for Microsoft's cloud; 'sandbox' for the embedded one. */
	readonly kind: 'public' | 'sandbox';
	readonly loginUrl: string;
	readonly graphUrl: string;
	readonly exchangeUrl: string;
	/** Base URL of the local cloud in sandbox mode. */
	readonly sandboxUrl?: string;
};

export const microsoftHosts = {
	login: 'https://login.microsoftonline.com',
	graph: 'https://graph.microsoft.com',
	exchange: 'https://outlook.office365.com',
} as const;

export const publicCloud: Cloud = {kind: 'public', loginUrl: microsoftHosts.login, graphUrl: microsoftHosts.graph, exchangeUrl: microsoftHosts.exchange};

export function sandboxCloud(sandboxUrl: string): Cloud {
	const base = sandboxUrl.replace(/\/+$/, '');
	return {kind: 'sandbox', loginUrl: microsoftHosts.login, graphUrl: base, exchangeUrl: base, sandboxUrl: base};
}

export const scopes = {
	graph: ['https://graph.microsoft.com/.default'],
	exchange: ['https://outlook.office365.com/.default'],
} as const;

/** The client id the sandbox accepts; a real partner brings their own app registration's. */
export const sandboxClientId = '5a4d7e1c-0b6f-4c39-9d2e-7e1a5c0d7a11';
