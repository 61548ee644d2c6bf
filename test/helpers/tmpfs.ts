// Small real tmpfs mounts for full and read-only disk tests. Mounting needs root and a kernel
// that allows tmpfs; where the OS refuses, the tests skip with the reason in their title. With
// TENANTDECK_REQUIRE_TMPFS=1 (as .ci/run sets: CI runs as root) a refusal is a failure, never a skip.
import test, {type ExecutionContext} from 'ava';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmdirSync} from 'node:fs';
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const switchName = 'TENANTDECK_REQUIRE_TMPFS';

/** Why a small tmpfs cannot be mounted here (one line), or undefined when it can: tried once. */
function mountRefused(): string | undefined {
	const reason = (why: string) => `a small tmpfs cannot be mounted: ${why}`;
	if (process.getuid?.() !== 0) return reason('not root');
	const dir = mkdtempSync(join(tmpdir(), 'td-disk-probe-'));
	try {
		const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
		if (mounted.status === 0) {
			// A probe that could not be unmounted is left as it is (rmdir would fail on it too), and named.
			const unmounted = spawnSync('umount', [dir]);
			return unmounted.status === 0 ? undefined : reason(`the probe at ${dir} could not be unmounted`);
		}
		// mount's first line is "mount: <folder>: <cause>."; the folder, a new one each run, is left out.
		const said = (mounted.error?.message ?? mounted.stderr.toString()).split('\n').map(line => line.replace(`mount: ${dir}: `, '').replace(/\.\s*$/, '').trim()).find(Boolean);
		return reason(said ?? `mount exited with code ${mounted.status}`);
	} finally {
		try {
			rmdirSync(dir);
		} catch {}
	}
}

/** Why a small tmpfs cannot be mounted here, or undefined when it can. */
export const tmpfsRefused = mountRefused();
const required = process.env[switchName] === '1';

/**
 * Declares a test that mounts tmpfs (serial within its file): skipped with the reason in its title
 * where mounting is refused, failed with it under TENANTDECK_REQUIRE_TMPFS=1.
 */
export function testWithTmpfs(title: string, implementation: (t: ExecutionContext) => Promise<void> | void): void {
	if (tmpfsRefused === undefined) test.serial(title, implementation);
	else if (required) test.serial(title, t => t.fail(`${switchName}=1 but ${tmpfsRefused}`));
	else test.skip(`${title} (skipped: ${tmpfsRefused}; set ${switchName}=1 to require it)`, () => undefined);
}

/** A tmpfs of `size` (e.g. "160k"), unmounted when the test ends. */
export async function mountTmpfs(t: {teardown: (fn: () => void) => void}, size: string, readOnly = false): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'td-disk-'));
	const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir]);
	if (mounted.status !== 0) throw new Error(`mount failed: ${mounted.stderr.toString()}`);
	t.teardown(() => void spawnSync('umount', ['-l', dir]));
	return dir;
}
