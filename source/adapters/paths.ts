// The user's folders, per the XDG base-directory spec: config (profile, groups, custom operations),
// state (runs, audit log) and cache (tokens, tenant list). Practice against a sandbox keeps its
// own folders, <config>/sandbox, <state>/sandbox and <cache>/sandbox (or TENANTDECK_SANDBOX_DIR),
// so an afternoon of training never mixes groups, run folders, audit lines or sign-ins with real
// customers'. Custom operations are still read from the user's own config folder.

import {homedir} from 'node:os';
import {join} from 'node:path';
import {rm} from 'node:fs/promises';

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

/** Folders for practice: saved groups, runbooks, runs, exports, audit log and sign-ins of its own. */
export function sandboxFolders(env: NodeJS.ProcessEnv = process.env): Folders {
	const user = userFolders(env);
	const named = env['TENANTDECK_SANDBOX_DIR'];
	if (named) return {config: join(named, 'config'), state: join(named, 'state'), cache: join(named, 'cache')};
	return {config: join(user.config, 'sandbox'), state: join(user.state, 'sandbox'), cache: join(user.cache, 'sandbox')};
}

/** `tenantdeck sandbox --reset`: forgets every practice sign-in, group, runbook, run and audit line; returns what was removed. */
export async function resetSandboxFolders(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
	const {config, state, cache} = sandboxFolders(env);
	await Promise.all([config, state, cache].map(folder => rm(folder, {recursive: true, force: true})));
	return [config, state, cache];
}
