// Builds the adapters for one cloud: the in-process sandbox, a running sandbox, or Microsoft's
// cloud with the user's profile. Everything that differs between them is decided here.

import {join} from 'node:path';
import type {ExchangePort, GraphPort, PartnerCenterPort} from '../core/ports.js';
import {createPartnerCenterClient} from './partner-center.js';
import {TenantdeckError} from '../core/errors.js';
import {checkCloudName, microsoftCloud, sandboxCloud, sandboxClientId, type Cloud, type CloudName} from './cloud.js';
import {sandboxFolders, userFolders, type Folders} from './paths.js';
import {loadProfile} from './profile.js';
import {createMsalAuth, type MsalAuth} from './auth/msal-auth.js';
import {fileTokenCache} from './auth/token-cache.js';
import {createGraphClient} from './graph/graph-client.js';
import {Supervisor} from '../core/supervisor.js';
import {createPowerShellPort} from './powershell/powershell-port.js';

export type ConnectionOptions = {
	sandbox?: boolean;
	sandboxUrl?: string;
	env?: NodeJS.ProcessEnv;
	/** --cloud: public, usgov, dod or china; else the profile's, else public. The sandbox poses as it. */
	cloud?: string;
	/** Live Exchange connections at once (--max-sessions); the service allows 3 per account. */
	maxSessions?: number;
	/** One-line warnings worth showing, e.g. an unreadable token cache that was set aside. */
	onWarning?: (text: string) => void;
};

export type Connection = {
	readonly cloud: Cloud;
	readonly folders: Folders;
	readonly auth: MsalAuth;
	readonly graph: GraphPort;
	readonly exchange: ExchangePort;
	/** Application consent into customers (tenantdeck consent). */
	readonly partnerCenter: PartnerCenterPort;
	/** The app registration tenantdeck signs in with: what consent grants into customers. */
	readonly clientId: string;
	/** Keeps Exchange connections within the limit; its status feeds "sessions 2/3". */
	readonly supervisor: Supervisor;
	/** Closes every Exchange connection and PowerShell process, flushes the token cache and stops the in-process sandbox. Idempotent. */
	close(): Promise<void>;
};

export async function openConnection(options: ConnectionOptions): Promise<Connection> {
	const env = options.env ?? process.env;
	// Practice never writes into the real profile's runs, audit log or token cache.
	const folders = options.sandbox || options.sandboxUrl ? sandboxFolders(env) : userFolders(env);
	let stopSandbox = async () => {};
	let cloud: Cloud;
	let clientId: string;
	let cachePath: string | undefined;

	const cloudName = options.cloud === undefined ? undefined : cloudNameOf(options.cloud);
	if (options.sandboxUrl) {
		cloud = sandboxCloud(checkedUrl(options.sandboxUrl), cloudName);
		clientId = sandboxClientId;
		cachePath = join(folders.cache, `token-cache-${new URL(cloud.sandboxUrl!).port}.json`);
	} else if (options.sandbox) {
		const [{startSandbox, knobsFromEnv}, {exchangeRoute}] = await Promise.all([import('../sandbox/server.js'), import('../sandbox/exchange.js')]);
		const sandbox = await startSandbox({...knobsFromEnv(env), routes: [context => exchangeRoute(context)]});
		stopSandbox = () => sandbox.stop();
		cloud = sandboxCloud(sandbox.url, cloudName);
		clientId = sandboxClientId;
	} else {
		const profile = await loadProfile(folders.config, env);
		if (!profile) {
			throw new TenantdeckError('invalid', 'No partner profile is set up yet.', {hint: 'Practise on simulated customers with --sandbox, or follow "Setting up a real partner" in the readme (it ends with saving your app\'s client id).'});
		}
		cloud = microsoftCloud(cloudName ?? (profile.cloud ? cloudNameOf(profile.cloud) : 'public'));
		clientId = profile.clientId;
		cachePath = join(folders.cache, 'token-cache.json');
	}

	const auth = createMsalAuth({cloud, clientId, cache: cachePath ? fileTokenCache(cachePath, {onWarning: options.onWarning}) : undefined});
	const graph = createGraphClient({baseUrl: cloud.graphUrl, token: (tenantId, options) => auth.token('graph', tenantId, options)});
	const supervisor = new Supervisor({
		powershell: createPowerShellPort({sandboxUrl: cloud.sandboxUrl, env}),
		auth,
		maxConnections: options.maxSessions,
		exchangeEnvironment: cloud.endpoints.name === 'public' ? undefined : cloud.endpoints.exchangeEnvironment,
	});
	let closing: Promise<void> | undefined;
	return {
		cloud,
		folders,
		auth,
		graph,
		partnerCenter: createPartnerCenterClient({baseUrl: cloud.partnerCenterUrl, token: () => auth.token('partnercenter')}),
		clientId,
		exchange: supervisor,
		supervisor,
		close() {
			closing ??= (async () => {
				try {
					await supervisor.shutdown();
					await auth.flush();
				} finally {
					await stopSandbox();
				}
			})();
			return closing;
		},
	};
}

function checkedUrl(text: string): string {
	try {
		const url = new URL(text);
		if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
	} catch {}
	throw new TenantdeckError('invalid', `--sandbox-url "${text}" is not a URL.`, {hint: 'Use the URL "tenantdeck sandbox" printed, e.g. http://127.0.0.1:7357.'});
}

function cloudNameOf(text: string): CloudName {
	try {
		return checkCloudName(text);
	} catch (error) {
		throw new TenantdeckError('invalid', (error as Error).message, {hint: 'Pass --cloud public|usgov|dod|china, or set "cloud" in profile.json.'});
	}
}
