// The test run's own temp folder (scripts/test.mjs): made under the system's temp folder, named after
// the runner's pid, and removed whole at the end. What tests leave there is removed with it: homes
// made read-only (disk tests), a small tmpfs a crashed worker never unmounted, sockets and pipes of
// .NET processes that were killed. A folder whose runner no longer runs (killed with SIGKILL, or a
// machine that went down) is removed when the next run starts.
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir, userInfo} from 'node:os';
import {join} from 'node:path';

const prefix = 'tenantdeck-suite-';

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** Mount points at or under `path` (Linux), deepest first. */
function mountsUnder(path) {
	try {
		const points = readFileSync('/proc/self/mounts', 'utf8').split('\n').map(line => line.split(' ')[1]?.replace(/\\040/g, ' ')).filter(Boolean);
		return points.filter(point => point === path || point.startsWith(`${path}/`)).sort((a, b) => b.length - a.length);
	} catch {
		return [];
	}
}

/** Gives the owner every right on every folder under `path`, so a folder a test made read-only can be emptied. */
function makeWritable(path) {
	try {
		chmodSync(path, 0o700);
		for (const entry of readdirSync(path, {withFileTypes: true})) if (entry.isDirectory()) makeWritable(join(path, entry.name));
	} catch {
		// Gone meanwhile, or not ours: rm says so below.
	}
}

/** Removes `path` and everything under it; returns why not, when it could not. */
export function removeAll(path) {
	const attempt = () => {
		try {
			rmSync(path, {recursive: true, force: true, maxRetries: 3});
			return undefined;
		} catch (error) {
			return error;
		}
	};
	let failure = attempt();
	if (!failure) return undefined;
	for (const point of mountsUnder(path)) spawnSync('umount', ['-l', point]);
	makeWritable(path);
	failure = attempt();
	return failure ? `${failure.code ?? ''} ${failure.message}`.trim() : undefined;
}

/**
 * tsx keeps what it compiled in <temp>/tsx-<uid>: pointed at the system's, every ava worker (and every
 * CLI a test starts through tsx) finds the test and source files compiled by earlier runs instead of
 * compiling them again in a fresh folder. rm removes the link, not what it points to.
 */
const tsxCache = `tsx-${process.geteuid?.() ?? userInfo().username}`;

function keepTsxCache(parent, path) {
	const name = tsxCache;
	try {
		mkdirSync(join(parent, name), {recursive: true, mode: 0o700});
		symlinkSync(join(parent, name), join(path, name), 'dir');
	} catch {
		// No links here (or no rights): tsx then compiles into the run's folder, only slower.
	}
}

/**
 * The cache and config folders of what tests start without a home of their own: in the run's folder,
 * not the user's home. A run wrote PowerShell's module analysis cache to ~/.cache/powershell, and
 * Chromium's crash-report folder and dconf to ~/.config/chromium and ~/.cache/dconf.
 */
const homeFolders = {XDG_CACHE_HOME: 'xdg-cache', XDG_CONFIG_HOME: 'xdg-config'};

/**
 * A fresh `tenantdeck-suite-<pid>-XXXXXX` under `parent`, after removing those of runners that are gone.
 * env: TMPDIR and the XDG cache and config folders, all in it, for the test processes.
 * remove() deletes it and returns how many entries the run had left at its top level (tsx's link and
 * the XDG folders aside).
 */
export function suiteTempFolder(parent = tmpdir()) {
	for (const name of readdirSync(parent)) {
		const pid = Number(new RegExp(`^${prefix}(\\d+)-`).exec(name)?.[1]);
		if (pid && !alive(pid)) removeAll(join(parent, name));
	}
	const path = mkdtempSync(join(parent, `${prefix}${process.pid}-`));
	keepTsxCache(parent, path);
	const ownEntries = new Set([tsxCache, ...Object.values(homeFolders)]);
	return {
		path,
		env: {TMPDIR: path, ...Object.fromEntries(Object.entries(homeFolders).map(([variable, name]) => [variable, join(path, name)]))},
		remove() {
			let left = 0;
			try {
				left = readdirSync(path).filter(name => !ownEntries.has(name)).length;
			} catch {
				return 0;
			}
			const problem = removeAll(path);
			if (problem) console.log(`temp: could not remove ${path}: ${problem}`);
			return left;
		},
	};
}
