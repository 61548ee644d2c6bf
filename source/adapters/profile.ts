// The partner profile: which app registration (client id) to sign in with. Kept in the config
// folder as profile.json; TENANTDECK_CLIENT_ID overrides it.

import {join} from 'node:path';
import {readOptionalFile} from './private-file.js';

export type Profile = {clientId: string};

export async function loadProfile(configFolder: string, env: NodeJS.ProcessEnv = process.env): Promise<Profile | undefined> {
	if (env['TENANTDECK_CLIENT_ID']) return {clientId: env['TENANTDECK_CLIENT_ID']};
	const text = await readOptionalFile(join(configFolder, 'profile.json'));
	if (!text) return undefined;
	const parsed = JSON.parse(text) as Partial<Profile>;
	return typeof parsed.clientId === 'string' && parsed.clientId ? {clientId: parsed.clientId} : undefined;
}


/** The profile's run settings ("concurrency", "maxSessions"), when set to sensible whole numbers. */
export async function loadRunSettings(configFolder: string): Promise<{concurrency?: number; maxSessions?: number}> {
	let parsed: Record<string, unknown> = {};
	try {
		const text = await readOptionalFile(join(configFolder, 'profile.json'));
		const json: unknown = text ? JSON.parse(text) : {};
		if (json && typeof json === 'object') parsed = json as Record<string, unknown>;
	} catch {
		// A broken profile is reported where the client id is read; settings fall back to defaults.
	}
	const count = (value: unknown, max: number) => (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max ? (value as number) : undefined);
	return {concurrency: count(parsed['concurrency'], 256), maxSessions: count(parsed['maxSessions'], 20)};
}
