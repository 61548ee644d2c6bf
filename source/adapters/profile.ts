// The partner profile: which app registration (client id) to sign in with. Kept in the config
// folder as profile.json; TENANTDECK_CLIENT_ID overrides it.

import {join} from 'node:path';
import {readOptionalFile, writePrivateFile} from './private-file.js';

/** cloud: which Microsoft cloud the partner lives in (public when absent). */
export type Profile = {clientId: string; cloud?: string};

export async function loadProfile(configFolder: string, env: NodeJS.ProcessEnv = process.env): Promise<Profile | undefined> {
	if (env['TENANTDECK_CLIENT_ID']) return {clientId: env['TENANTDECK_CLIENT_ID'], cloud: env['TENANTDECK_CLOUD']};
	const text = await readOptionalFile(join(configFolder, 'profile.json'));
	if (!text) return undefined;
	const parsed = JSON.parse(text) as Partial<Profile>;
	if (typeof parsed.clientId !== 'string' || !parsed.clientId) return undefined;
	return typeof parsed.cloud === 'string' ? {clientId: parsed.clientId, cloud: parsed.cloud} : {clientId: parsed.clientId};
}

export async function saveProfile(configFolder: string, profile: Profile): Promise<void> {
	await writePrivateFile(join(configFolder, 'profile.json'), JSON.stringify(profile, null, '\t') + '\n');
}
