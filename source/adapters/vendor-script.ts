// Runs the bundle's vendor script (Ink, React, yoga: scripts/build-vendor.mjs) with V8's code
// cache, kept in the user's cache folder: with it a start skips parsing and compiling most of what
// the first frame runs (Node 20 has no compile cache for ES modules; 22 has, for its own loader).
// The cache only ever saves time. A missing, stale (another build, Node or V8 flags), truncated or
// corrupt one is not used — V8 checks version and flags, a checksum of our own covers the bytes —
// and a good one is written a moment after the first frame, once the functions it ran are compiled.
// Only the bundle uses this; from source, `ink` and `react` are ordinary imports.

import {mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {basename, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {Script} from 'node:vm';
import {crc32} from 'node:zlib';
import {userFolders} from './paths.js';

const magic = Buffer.from('TDCC1\n');
const headerBytes = magic.length + 8;
/** After the first frame: by then the functions it ran are compiled and go into the cache. */
const saveAfterMs = 1500;

const loaded = new Map<string, Record<string, unknown>>();

/** What a start did with the code cache: compiled from it, or why not. */
export type CacheUse = 'used' | 'missing' | 'invalid' | 'rejected' | 'off';

/** The vendor script's exports, loaded once per process. */
export function vendorScript(url: URL): Record<string, unknown> {
	const file = fileURLToPath(url);
	let exports = loaded.get(file);
	if (!exports) {
		const folder = process.env['TENANTDECK_CODE_CACHE'] === 'off' ? undefined : join(userFolders(process.env).cache, 'code-cache');
		exports = runWithCodeCache(file, folder).exports;
		loaded.set(file, exports);
	}
	return exports;
}

/**
 * Runs a CommonJS file, compiled from its code cache in `folder` when a valid one is there; when
 * none was used, writes one `saveAfterMs` later (timer unref'd: it never holds the process open).
 */
export function runWithCodeCache(file: string, folder: string | undefined, options: {saveAfterMs?: number} = {}): {exports: Record<string, unknown>; cache: CacheUse; saved?: Promise<boolean>} {
	const source = readFileSync(file, 'utf8');
	const cacheFile = folder && join(folder, `${basename(file, '.js')}-${process.version}-${process.arch}.v8cache`);
	const read = cacheFile ? readCache(cacheFile) : undefined;
	const cachedData = read instanceof Buffer ? read : undefined;
	// The same wrapper as scripts/build-vendor.mjs; in parentheses, V8 compiles it at once.
	const script = new Script(`(function (exports, require, module) {${source}\n})`, {filename: file, cachedData});
	const module = {exports: {} as Record<string, unknown>};
	(script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown) => void)(module.exports, createRequire(file), module);
	const cache: CacheUse = !cacheFile ? 'off' : cachedData === undefined ? (read as 'missing' | 'invalid') : script.cachedDataRejected ? 'rejected' : 'used';
	if (!cacheFile || cache === 'used') return {exports: module.exports, cache};
	const saved = new Promise<boolean>(resolve => setTimeout(() => resolve(writeCache(script, cacheFile)), options.saveAfterMs ?? saveAfterMs).unref());
	return {exports: module.exports, cache, saved};
}

/** The cached code if the file is whole and its checksum holds; otherwise why not. */
function readCache(cacheFile: string): Buffer | 'missing' | 'invalid' {
	let bytes: Buffer;
	try {
		bytes = readFileSync(cacheFile);
	} catch {
		return 'missing';
	}
	if (bytes.length <= headerBytes || !bytes.subarray(0, magic.length).equals(magic)) return 'invalid';
	const length = bytes.readUInt32LE(magic.length);
	const checksum = bytes.readUInt32LE(magic.length + 4);
	const payload = bytes.subarray(headerBytes);
	// V8 does not check the bytes of a code cache in a release build: bad bytes could crash it.
	if (payload.length !== length || crc32(payload) !== checksum) return 'invalid';
	return payload;
}

/** Writes the cache whole or not at all (temp file, then rename); drops other builds' caches. */
function writeCache(script: Script, cacheFile: string): boolean {
	const temporary = `${cacheFile}.${process.pid}.tmp`;
	try {
		const payload = script.createCachedData();
		const header = Buffer.alloc(8);
		header.writeUInt32LE(payload.length, 0);
		header.writeUInt32LE(crc32(payload), 4);
		const folder = join(cacheFile, '..');
		mkdirSync(folder, {recursive: true, mode: 0o700});
		writeFileSync(temporary, Buffer.concat([magic, header, payload]), {mode: 0o600});
		renameSync(temporary, cacheFile);
		for (const name of readdirSync(folder)) {
			if (name !== basename(cacheFile) && name.endsWith('.v8cache')) rmSync(join(folder, name), {force: true});
		}
		return true;
	} catch {
		// A full disk or a read-only home only costs the next start its head start.
		try {
			rmSync(temporary, {force: true});
		} catch {}
		return false;
	}
}
