// Where each service lives, per Microsoft cloud. Production and sandbox differ only here: scopes
// and authorities stay Microsoft's, and in sandbox mode requests to those hosts are sent to the
// local cloud instead, which can pose as any of these clouds.
// Hosts: learn.microsoft.com/graph/deployments (login, Graph), Exchange Online PowerShell's
// -ExchangeEnvironmentName, and Partner Center's REST URLs (partner-center-rest-urls).

export type CloudName = 'public' | 'usgov' | 'dod' | 'china';

export type CloudEndpoints = {
	readonly name: CloudName;
	readonly label: string;
	readonly loginUrl: string;
	readonly graphUrl: string;
	/** Exchange Online's host: the token audience of Connect-ExchangeOnline -AccessToken. */
	readonly exchangeUrl: string;
	/** Connect-ExchangeOnline -ExchangeEnvironmentName. */
	readonly exchangeEnvironment: string;
	readonly partnerCenterUrl: string;
	/** Other login hosts of the cloud that MSAL's built-in metadata prefers (China: login.partner.microsoftonline.cn). */
	readonly loginAliases?: readonly string[];
};

export const clouds: Readonly<Record<CloudName, CloudEndpoints>> = {
	public: {name: 'public', label: 'Microsoft 365 (worldwide, also GCC)', loginUrl: 'https://login.microsoftonline.com', graphUrl: 'https://graph.microsoft.com', exchangeUrl: 'https://outlook.office365.com', exchangeEnvironment: 'O365Default', partnerCenterUrl: 'https://api.partnercenter.microsoft.com'},
	usgov: {name: 'usgov', label: 'Microsoft 365 GCC High', loginUrl: 'https://login.microsoftonline.us', graphUrl: 'https://graph.microsoft.us', exchangeUrl: 'https://outlook.office365.us', exchangeEnvironment: 'O365USGovGCCHigh', partnerCenterUrl: 'https://api.partnercenter.microsoft.com'},
	dod: {name: 'dod', label: 'Microsoft 365 DoD', loginUrl: 'https://login.microsoftonline.us', graphUrl: 'https://dod-graph.microsoft.us', exchangeUrl: 'https://webmail.apps.mil', exchangeEnvironment: 'O365USGovDoD', partnerCenterUrl: 'https://api.partnercenter.microsoft.com'},
	china: {name: 'china', label: 'Microsoft 365 operated by 21Vianet', loginUrl: 'https://login.chinacloudapi.cn', graphUrl: 'https://microsoftgraph.chinacloudapi.cn', exchangeUrl: 'https://partner.outlook.cn', exchangeEnvironment: 'O365China', partnerCenterUrl: 'https://partner.partnercenterapi.microsoftonline.cn', loginAliases: ['https://login.partner.microsoftonline.cn']},
};

export const cloudNames = Object.keys(clouds) as CloudName[];

export type Cloud = {
	/** 'public' for Microsoft's cloud; 'sandbox' for the embedded one. */
	readonly kind: 'public' | 'sandbox';
	/** Which Microsoft cloud's endpoints are used (and, in sandbox mode, imitated). */
	readonly endpoints: CloudEndpoints;
	readonly loginUrl: string;
	readonly graphUrl: string;
	readonly exchangeUrl: string;
	readonly partnerCenterUrl: string;
	/** Base URL of the local cloud in sandbox mode. */
	readonly sandboxUrl?: string;
};

/** Every Microsoft host any cloud uses: sandbox mode sends requests to these to the local cloud. */
export const microsoftHosts: readonly string[] = [...new Set(Object.values(clouds).flatMap(cloud => [cloud.loginUrl, ...(cloud.loginAliases ?? []), cloud.graphUrl, cloud.exchangeUrl, cloud.partnerCenterUrl]))];

export function microsoftCloud(name: CloudName = 'public'): Cloud {
	const endpoints = clouds[name];
	return {kind: 'public', endpoints, loginUrl: endpoints.loginUrl, graphUrl: endpoints.graphUrl, exchangeUrl: endpoints.exchangeUrl, partnerCenterUrl: endpoints.partnerCenterUrl};
}

export const publicCloud: Cloud = microsoftCloud('public');

/** The local cloud posing as one of Microsoft's: authorities and audiences stay that cloud's. */
export function sandboxCloud(sandboxUrl: string, name: CloudName = 'public'): Cloud {
	const base = sandboxUrl.replace(/\/+$/, '');
	const endpoints = clouds[name];
	return {kind: 'sandbox', endpoints, loginUrl: endpoints.loginUrl, graphUrl: base, exchangeUrl: base, partnerCenterUrl: base, sandboxUrl: base};
}

/** The token audience of each service in a cloud. */
export function scopesFor(cloud: Cloud) {
	return {
		graph: [`${cloud.endpoints.graphUrl}/.default`],
		exchange: [`${cloud.endpoints.exchangeUrl}/.default`],
		partnercenter: [`${cloud.endpoints.partnerCenterUrl}/.default`],
	} as const;
}

/** Public cloud audiences, kept for callers that predate clouds. */
export const scopes = scopesFor(publicCloud);

export function checkCloudName(text: string): CloudName {
	const name = text.trim().toLowerCase();
	if ((cloudNames as string[]).includes(name)) return name as CloudName;
	if (name === 'gcc') return 'public';
	if (name === 'gcchigh' || name === 'gcc-high') return 'usgov';
	throw new Error(`Unknown cloud "${text}". Use one of: ${cloudNames.join(', ')} (GCC moderate is public).`);
}

/** The client id the sandbox accepts; a real partner brings their own app registration's. */
export const sandboxClientId = '5a4d7e1c-0b6f-4c39-9d2e-7e1a5c0d7a11';
