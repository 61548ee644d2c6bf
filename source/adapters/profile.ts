// The partner profile: which app registration (client id) to sign in with. Kept in the config
// folder as profile.json; TENANTDECK_CLIENT_ID overrides it. A malformed file is an error that
// names the file and what is wrong, never "no profile" (which would send the user to set it up again).

import {join} from 'node:path';
import {z} from 'zod';
import {fileProblem, readJsonFile} from './json-file.js';

const profileSchema = z.object({
	clientId: z.string().trim().min(1, 'the app\'s client id is empty'),
	/** Which Microsoft cloud the partner lives in: public (default, also GCC), usgov, dod or china. */
	cloud: z.string().trim().min(1).optional(),
});

export type Profile = z.infer<typeof profileSchema>;

export function profilePath(configFolder: string): string {
	return join(configFolder, 'profile.json');
}

export async function loadProfile(configFolder: string, env: NodeJS.ProcessEnv = process.env): Promise<Profile | undefined> {
	if (env['TENANTDECK_CLIENT_ID']) return {clientId: env['TENANTDECK_CLIENT_ID'], ...(env['TENANTDECK_CLOUD'] ? {cloud: env['TENANTDECK_CLOUD']} : {})};
	const {value, problem} = await readJsonFile(profilePath(configFolder), profileSchema);
	if (problem) throw fileProblem(problem, 'It should look like {"clientId": "<Application (client) ID>"} (optionally with "cloud": "usgov", "dod" or "china").');
	return value;
}
