// The partner profile: which app registration (client id) to sign in with. Kept in the config
// folder as profile.json; TENANTDECK_CLIENT_ID overrides it. A malformed file is an error that
// names the file and what is wrong, never "no profile" (which would send the user to set it up again).

import {join} from 'node:path';
import {z} from 'zod';
import {runSettingRanges} from '../core/run-setting-ranges.js';
import {checkJson, fileProblem} from './json-file.js';
import {readOptionalFile} from './private-file.js';

const profileSchema = z.object({
	clientId: z.string().trim().min(1, 'the app\'s client id is empty'),
	/** Which Microsoft cloud the partner lives in: public (default, also GCC), usgov, dod or china. */
	cloud: z.string().trim().min(1).optional(),
	/** How long an Exchange call may stay silent before its tenant fails (the --timeout default). */
	exchangeTimeoutSec: z.number().int().min(1).max(86_400).optional(),
});

export type Profile = z.infer<typeof profileSchema>;

export function profilePath(configFolder: string): string {
	return join(configFolder, 'profile.json');
}

const inRange = ([min, max]: readonly [number, number]) => z.number().int().min(min).max(max).optional();
const runSettingsSchema = z.object({
	concurrency: inRange(runSettingRanges.concurrency),
	maxSessions: inRange(runSettingRanges.maxSessions),
	exchangeTimeoutSec: inRange(runSettingRanges.exchangeTimeoutSec),
});

export type ProfileSettings = z.infer<typeof runSettingsSchema>;

/**
 * profile.json read once: the partner profile (when one is set up) and its run settings, which
 * the launcher weighs against flags. `problem` is a broken profile: fatal where the client id is
 * needed (Microsoft's cloud). `settingsProblem` is a broken file or run setting: fatal wherever the
 * settings are used (settingsOf), practice included, since a run must not quietly go on with the
 * defaults in place of what the partner wrote ("maxSessions": 1 beside a bad "concurrency" was
 * dropped with it, and the run opened two sessions).
 */
export type ProfileFile = {readonly profile?: Profile; readonly settings: ProfileSettings; readonly problem?: Error; readonly settingsProblem?: Error};

const profileHint = 'It should look like {"clientId": "<Application (client) ID>"} (optionally with "cloud": "usgov", "dod" or "china").';
const settingsHint = `Its run settings are whole numbers: ${Object.entries(runSettingRanges).map(([name, [min, max]]) => `"${name}" ${min}-${max}`).join(', ')}; fix or remove the one named.`;

export async function readProfile(configFolder: string, env: NodeJS.ProcessEnv = process.env): Promise<ProfileFile> {
	const path = profilePath(configFolder);
	const text = await readOptionalFile(path);
	const fromEnv: Profile | undefined = env['TENANTDECK_CLIENT_ID'] ? {clientId: env['TENANTDECK_CLIENT_ID'], ...(env['TENANTDECK_CLOUD'] ? {cloud: env['TENANTDECK_CLOUD']} : {})} : undefined;
	if (text === undefined) return {profile: fromEnv, settings: {}};
	const checked = checkJson(text, runSettingsSchema, path);
	const settings = checked.value ?? {};
	const settingsProblem = checked.problem ? {settingsProblem: fileProblem(checked.problem, settingsHint)} : {};
	if (fromEnv) return {profile: fromEnv, settings, ...settingsProblem};
	const {value, problem} = checkJson(text, profileSchema, path);
	return problem ? {settings, problem: fileProblem(problem, profileHint), ...settingsProblem} : {profile: value, settings, ...settingsProblem};
}

/** The run settings; a broken file or setting throws, naming the file and the setting. */
export function settingsOf(file: ProfileFile): ProfileSettings {
	if (file.settingsProblem) throw file.settingsProblem;
	return file.settings;
}

/** The partner profile, or undefined when none is set up; a broken file throws, naming it. */
export async function loadProfile(configFolder: string, env: NodeJS.ProcessEnv = process.env): Promise<Profile | undefined> {
	return profileOf(await readProfile(configFolder, env));
}

export function profileOf(file: ProfileFile): Profile | undefined {
	if (file.problem) throw file.problem;
	return file.profile;
}

/** The profile's run settings ("concurrency", "maxSessions", "exchangeTimeoutSec"); a flag beats them, they beat the defaults. */
export async function loadRunSettings(configFolder: string): Promise<ProfileSettings> {
	return settingsOf(await readProfile(configFolder));
}
