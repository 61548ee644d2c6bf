// Tests that run the CLI as a user does start the shipped bin (dist/cli.js): rebuild it when it is
// missing or older than any source file, so a test never drives yesterday's bundle. A bundled
// start costs half the CPU of `node --import=tsx cli.tsx` (which compiles every source file on
// each spawn), and the suite spawns the CLI dozens of times.
// Test files run in parallel (worker threads under `npm test`, processes through tsx), and a build
// starts by emptying dist/: one builds (holding dist.build-lock) while the others wait for it, so no
// test starts a half-written bundle.
// Under `npm test` the runner does this once before any test starts, and tests do not rebuild: a
// rebuild mid-run (a source saved while the suite ran) emptied dist/ under a kill-matrix round.

import {execFile, spawn} from 'node:child_process';
import {once} from 'node:events';
import {mkdir, readdir, rm, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);

async function fresh(root: string): Promise<boolean> {
	const built = await stat(join(root, 'dist/cli.js')).then(info => info.mtimeMs, () => 0);
	const sources = await readdir(join(root, 'source'), {recursive: true, withFileTypes: true});
	const times = await Promise.all(sources.filter(entry => entry.isFile() && /\.tsx?$/.test(entry.name)).map(entry => stat(join(entry.parentPath, entry.name)).then(info => info.mtimeMs)));
	// The build script and its start-up patches shape the bundle as much as the sources do.
	const build = await Promise.all(['cli.tsx', 'scripts/build.mjs', 'scripts/build-patches.mjs', 'scripts/build-vendor.mjs'].map(file => stat(join(root, file)).then(info => info.mtimeMs, () => 0)));
	return built > Math.max(...build, ...times);
}

/** Resolves once the lock is gone; a lock left by a killed build (older than 3 minutes) is removed. */
async function lockGone(lock: string): Promise<void> {
	for (;;) {
		const since = await stat(lock).then(info => Date.now() - info.mtimeMs, () => undefined);
		if (since === undefined) return;
		if (since > 180_000) await rm(lock, {recursive: true, force: true});
		else await new Promise(resolve => setTimeout(resolve, 200));
	}
}

export async function ensureBundle(root = process.cwd()): Promise<void> {
	// Under `npm test` the runner brought it up to date before the first test (scripts/test.mjs).
	if (process.env['TENANTDECK_BUNDLE_BUILT'] === '1' && (await stat(join(root, 'dist/cli.js')).then(() => true, () => false))) return;
	const lock = join(root, 'dist.build-lock');
	for (;;) {
		await lockGone(lock);
		if (await fresh(root)) {
			// A build that began after the first look has emptied dist/: wait for it to finish.
			if (await stat(lock).then(() => true, () => false)) continue;
			return;
		}
		try {
			await mkdir(lock);
		} catch {
			continue;
		}
		try {
			if (!(await fresh(root))) await run(process.execPath, ['scripts/build.mjs'], {cwd: root});
		} finally {
			await rm(lock, {recursive: true, force: true});
		}
		return;
	}
}

/** `node dist/cli.js`, built first if needed: the command line a test spawns to run tenantdeck. */
export async function bundledCli(root = process.cwd()): Promise<string[]> {
	await ensureBundle(root);
	return [join(root, 'dist/cli.js')];
}

export type BuiltCliResult = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

/** Runs `tenantdeck <argv>` from the built bundle in a child process, as a user does, to its end. */
export async function runBuiltCli(argv: string[], env: NodeJS.ProcessEnv, root = process.cwd()): Promise<BuiltCliResult> {
	const child = spawn(process.execPath, [...(await bundledCli(root)), ...argv], {env, cwd: root, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => (stdout += chunk));
	child.stderr.on('data', chunk => (stderr += chunk));
	const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
	return {code, signal, stdout, stderr};
}
