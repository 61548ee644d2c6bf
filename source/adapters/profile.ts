// The partner profile: which app registration (client id) to sign in with. Kept in the config
// folder as profile.json; TENANTDECK_CLIENT_ID overrides it.

import {join} from 'node:path';
import {readOptionalFile, writePrivateFile} from './private-file.js';

export type Profile = {
	clientId: string;
	/** How long an Exchange call may stay silent before its tenant fails (the --timeout default). */
	exchangeTimeoutSec?: number;
};

export async function loadProfile(configFolder: string, env: NodeJS.ProcessEnv = process.env): Promise<Profile | undefined> {
	if (env['TENANTDECK_CLIENT_ID']) return {clientId: env['TENANTDECK_CLIENT_ID']};
	const text = await readOptionalFile(join(configFolder, 'profile.json'));
	if (!text) return undefined;
	const parsed = JSON.parse(text) as Partial<Profile>;
	if (typeof parsed.clientId !== 'string' || !parsed.clientId) return undefined;
	const timeout = parsed.exchangeTimeoutSec;
	return typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0 ? {clientId: parsed.clientId, exchangeTimeoutSec: timeout} : {clientId: parsed.clientId};
}

export async function saveProfile(configFolder: string, profile: Profile): Promise<void> {
	await writePrivateFile(join(configFolder, 'profile.json'), JSON.stringify(profile, null, '\t') + '\n');
}
