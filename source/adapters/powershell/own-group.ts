// PowerShell children get their own process group (a new session on POSIX), so a terminal's Ctrl+C,
// an SSH hang-up or `timeout` signalling our foreground group reaches the CLI alone, and the CLI
// decides when each child stops. child-shell forces `detached: false` over the spawnOptions it is
// given, so the spawn it makes during construction is redirected here, synchronously and briefly.

import {createRequire} from 'node:module';

const childProcess = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');

/** True where children are spawned as group leaders (their pgid is their pid). */
export const ownGroups = process.platform !== 'win32';

/** Runs construct() with every spawn it makes detached (setsid on POSIX). */
export function spawnInOwnGroup<T>(construct: () => T): T {
	if (!ownGroups) return construct();
	const original = childProcess.spawn;
	const detachedSpawn = ((command: string, args: readonly string[], options: Record<string, unknown>) =>
		original(command, args, {...options, detached: true})) as unknown as typeof original;
	childProcess.spawn = detachedSpawn;
	try {
		return construct();
	} finally {
		childProcess.spawn = original;
	}
}
