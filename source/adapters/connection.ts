// Builds the adapters for one cloud: the in-process sandbox, a running sandbox, or Microsoft's
// cloud with the user's profile. Everything that differs between them is decided here.

import {setMaxListeners} from 'node:events';
import {join} from 'node:path';
import type {ExchangePort, GraphPort, PartnerCenterPort} from '../core/ports.js';
import {createPartnerCenterClient} from './partner-center.js';
import {TenantdeckError} from '../core/errors.js';
import {checkCloudName, microsoftCloud, sandboxCloud, sandboxClientId, type Cloud, type CloudName} from './cloud.js';
import {sandboxFolders, userFolders, type Folders} from './paths.js';
import {profileOf, readProfile, type Profile, type ProfileFile} from './profile.js';
import {createMsalAuth, type MsalAuth} from './auth/msal-auth.js';
import {fileTokenCache} from './auth/token-cache.js';
import {createGraphClient} from './graph/graph-client.js';
import {Supervisor} from '../core/supervisor.js';
import {createPowerShellPort} from './powershell/powershell-port.js';
import {trustingFetch} from './trusting-fetch.js';
import {createHttpClient} from './http-client.js';
import {proxyFromEnvironment} from './proxy.js';
import {connectionJournalPath, fileConnectionJournal} from './powershell/connection-journal.js';
import {sandboxCloser, writeOffCloser} from './powershell/connection-closer.js';
import {declareExitDeadline} from '../core/teardown.js';

export type ConnectionOptions = {
	sandbox?: boolean;
	sandboxUrl?: string;
	env?: NodeJS.ProcessEnv;
	/** --cloud: public, usgov, dod or china; else the profile's, else public. The sandbox poses as it. */
	cloud?: string;
	/** Live Exchange connections at once (--max-sessions); the service allows 3 per account. */
	maxSessions?: number;
	/** With `sandbox`: serve the embedded cloud over https with the local CA (--tls), as `tenantdeck sandbox --tls` does. */
	tls?: boolean;
	/** How long an Exchange call may stay silent before its tenant fails: resolved by the caller (resolveRunSettings: --timeout, profile, default). */
	callTimeoutMs?: number;
	/** profile.json as the caller already read it (so a run reads it once); read here when absent. */
	profile?: ProfileFile;
	/** One-line notices, e.g. connections a previous tenantdeck left open were closed. */
	onNotice?: (line: string) => void;
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
	/** The sandbox's CA when it serves https; the adapters trust it explicitly, nothing else changes. */
	let trust: {ca: string; caPath: string} | undefined;
	let profile: Profile | undefined;

	const cloudName = options.cloud === undefined ? undefined : cloudNameOf(options.cloud);
	if (options.sandboxUrl) {
		cloud = sandboxCloud(checkedUrl(options.sandboxUrl), cloudName);
		clientId = sandboxClientId;
		cachePath = join(folders.cache, `token-cache-${new URL(cloud.sandboxUrl!).port}.json`);
		if (cloud.sandboxUrl!.startsWith('https:')) {
			const tls = await import('../sandbox/tls.js');
			trust = await tls.existingSandboxTrust(env);
			if (!trust && !env['NODE_EXTRA_CA_CERTS']) {
				throw new TenantdeckError('invalid', `${cloud.sandboxUrl} serves https, but this user has no sandbox CA to trust it with.`, {hint: `Start it as the same user ("tenantdeck sandbox --tls" keeps its CA in ${tls.sandboxTlsFolder(env)}), or set NODE_EXTRA_CA_CERTS to the ca.pem it printed.`});
			}
		}
	} else if (options.sandbox) {
		const [{startSandbox, knobsFromEnv}, {exchangeRoute}, {loadSandboxTls, sandboxTlsFolder}] = await Promise.all([import('../sandbox/server.js'), import('../sandbox/exchange.js'), import('../sandbox/tls.js')]);
		const certificates = options.tls ? await loadSandboxTls(sandboxTlsFolder(env)) : undefined;
		if (certificates) trust = {ca: certificates.ca, caPath: certificates.caPath};
		// Microsoft's 5 s device-code interval would only slow the embedded sign-in down; env may still set it.
		// It poses as the cloud asked for: that cloud's audiences and Exchange environment.
		const sandbox = await startSandbox({deviceCodeIntervalSec: 0, ...knobsFromEnv(env), ...(cloudName ? {cloud: cloudName} : {}), tls: certificates, routes: [context => exchangeRoute(context)]});
		stopSandbox = () => sandbox.stop();
		cloud = sandboxCloud(sandbox.url, cloudName);
		clientId = sandboxClientId;
	} else {
		profile = profileOf(options.profile ?? (await readProfile(folders.config, env)));
		if (!profile) {
			throw new TenantdeckError('invalid', 'No partner profile is set up yet.', {hint: 'Practise on simulated customers with --sandbox, or follow "Setting up a real partner" in the readme (it ends with saving your app\'s client id).'});
		}
		cloud = microsoftCloud(cloudName ?? (profile.cloud ? cloudNameOf(profile.cloud) : 'public'));
		clientId = profile.clientId;
		cachePath = join(folders.cache, 'token-cache.json');
	}

	// Sign-in and Graph share one keep-alive pool: a run's token and Graph requests reuse connections.
	// Through HTTPS_PROXY when one is set (proxy.ts): a sandbox on this machine always goes direct.
	const http = createHttpClient({ca: trust?.ca, proxy: proxyFromEnvironment(env)});
	const send = trust ? trustingFetch(trust.ca) : fetch;
	const auth = createMsalAuth({cloud, clientId, cache: cachePath ? fileTokenCache(cachePath, {onWarning: options.onWarning}) : undefined, fetch: http});
	// Aborted first thing in close(): Graph requests a failed command left going end at once (nothing
	// closing needs Graph). Each request in flight listens to it for its own time: many at once.
	const graphClosed = new AbortController();
	setMaxListeners(0, graphClosed.signal);
	const graph = createGraphClient({baseUrl: cloud.graphUrl, token: (tenantId, options) => auth.token('graph', tenantId, options), fetch: http, closed: graphClosed.signal});
	const callTimeoutMs = options.callTimeoutMs;
	// An in-process sandbox ends with us, and its connections with it: only a cloud that outlives
	// this process needs a journal of what is open. One journal per cloud (a sandbox per port).
	const outlivesUs = !options.sandbox || options.sandboxUrl !== undefined;
	const journalName = cloud.sandboxUrl ? `sandbox-${new URL(cloud.sandboxUrl).port}` : undefined;
	const supervisor = new Supervisor({
		powershell: createPowerShellPort({sandboxUrl: cloud.sandboxUrl, sandboxCaFile: trust?.caPath, env}),
		auth,
		maxConnections: options.maxSessions,
		exchangeEnvironment: cloud.endpoints.name === 'public' ? undefined : cloud.endpoints.exchangeEnvironment,
		timeouts: callTimeoutMs ? {callMs: callTimeoutMs} : undefined,
		journal: outlivesUs ? fileConnectionJournal(connectionJournalPath(folders.state, journalName)) : undefined,
		closer: cloud.sandboxUrl ? sandboxCloser(cloud.sandboxUrl, send) : writeOffCloser(),
		onNotice: options.onNotice,
	});
	// Teardown's exit deadline follows from the supervisor's own step deadlines.
	const withdrawDeadline = declareExitDeadline(supervisor.exitDeadlineMs());
	let closing: Promise<void> | undefined;
	return {
		cloud,
		folders,
		auth,
		graph,
		partnerCenter: createPartnerCenterClient({baseUrl: cloud.partnerCenterUrl, token: () => auth.token('partnercenter'), send: http}),
		clientId,
		exchange: supervisor,
		supervisor,
		close() {
			closing ??= (async () => {
				graphClosed.abort();
				try {
					await supervisor.shutdown();
					await auth.flush();
				} finally {
					await stopSandbox();
					withdrawDeadline();
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
