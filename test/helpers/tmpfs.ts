// Small real tmpfs mounts for full and read-only disk tests. Mounting needs root and a kernel
// that allows tmpfs; where the OS refuses, `refused` says why and the tests skip with that reason.
import {spawnSync} from 'node:child_process';
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

function canMount(): string | undefined {
	if (process.getuid?.() !== 0) return 'needs root to mount a small tmpfs';
	const probe = spawnSync('sh', ['-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && umount "$d" && rmdir "$d"']);
	return probe.status === 0 ? undefined : `mount refused: ${probe.stderr.toString().trim()}`;
}

export const refused = canMount();

/** A tmpfs of `size` (e.g. "160k"), unmounted when the test ends. */
export async function mountTmpfs(t: {teardown: (fn: () => void) => void}, size: string, readOnly = false): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'td-disk-'));
	const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir]);
	if (mounted.status !== 0) throw new Error(`mount failed: ${mounted.stderr.toString()}`);
	t.teardown(() => void spawnSync('umount', ['-l', dir]));
	return dir;
}
