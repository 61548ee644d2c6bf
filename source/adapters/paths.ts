// The user's folders, per the XDG base-directory spec: config (profile, groups, custom operations),
// state (runs, audit log) and cache (tokens, tenant list).

import {homedir} from 'node:os';
import {join} from 'node:path';

export type Folders = {config: string; state: string; cache: string};

export function userFolders(env: NodeJS.ProcessEnv = process.env): Folders {
	const home = env['HOME'] ?? homedir();
	const pick = (name: string, fallback: string) => join(env[name] || join(home, fallback), 'tenantdeck');
	return {
		config: pick('XDG_CONFIG_HOME', '.config'),
		state: pick('XDG_STATE_HOME', '.local/state'),
		cache: pick('XDG_CACHE_HOME', '.cache'),
	};
}
