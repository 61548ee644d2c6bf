// MSAL's token cache kept in one private file (mode 0600, atomic writes).
// Deliberately not an MSAL cache plugin: with a plugin MSAL clears and re-reads the whole cache
// before every silent call, which makes a run over 1,000 tenants quadratic. Instead the file is
// read once into MSAL's memory, and changes are written back coalesced; `flush()` waits for the last.
// A file MSAL cannot use (truncated, `null`, edited) is named, kept aside, and sign-in starts fresh;
// a cache folder that cannot be written is a storage error, never a sign-in one.

import type {TokenCache} from '@azure/msal-node';
import {rm} from 'node:fs/promises';
import {dirname} from 'node:path';
import {z} from 'zod';
import {checkJson, setAside} from '../json-file.js';
import {readOptionalFile, writePrivateFile} from '../private-file.js';
import {storageError} from '../storage-error.js';

export type FileTokenCache = {
	readonly path: string;
	/** Reads the file into MSAL's cache once. */
	load(cache: TokenCache): Promise<void>;
	/** Call after MSAL may have changed the cache; schedules a write if it did. */
	changed(cache: TokenCache): void;
	/** Waits for the last write; rejects with a storage error if a write failed. */
	flush(): Promise<void>;
	clear(): Promise<void>;
};

export type TokenCacheOptions = {
	/** Told, in one line, when the file was unusable and has been kept aside. */
	onWarning?: (text: string) => void;
};

// The shape MSAL serialises: sections of entries keyed by cache key. Only what a load depends on
// is checked; MSAL's own fields inside an entry are its business.
const entries = z.record(z.string(), z.looseObject({}));
const cacheSchema = z.looseObject({
	Account: entries.optional(),
	IdToken: entries.optional(),
	AccessToken: entries.optional(),
	RefreshToken: entries.optional(),
	AppMetadata: entries.optional(),
});

export function fileTokenCache(path: string, options: TokenCacheOptions = {}): FileTokenCache {
	let loading: Promise<void> | undefined;
	let pending: TokenCache | undefined;
	let writing: Promise<void> | undefined;
	let writeFailure: unknown;

	async function writeLoop(): Promise<void> {
		// Let a burst of parallel token calls settle into one write.
		await new Promise(resolve => setImmediate(resolve));
		while (pending) {
			const cache = pending;
			pending = undefined;
			try {
				await writePrivateFile(path, cache.serialize());
				writeFailure = undefined;
			} catch (error) {
				// Kept for flush(): a write nobody awaits must never become an unhandled rejection.
				writeFailure = storageError(error, dirname(path));
			}
		}
	}

	async function read(cache: TokenCache): Promise<void> {
		const text = await readOptionalFile(path);
		if (text === undefined) return;
		let problem = checkJson(text, cacheSchema, path).problem;
		if (!problem) {
			try {
				cache.deserialize(text);
			} catch (error) {
				problem = `${path}: MSAL could not read it (${(error as Error).message}).`;
			}
		}
		if (!problem) return;
		let kept: string;
		try {
			kept = `It was kept as ${await setAside(path)}`;
		} catch (error) {
			kept = `It could not be moved aside (${storageError(error, dirname(path)).message})`;
		}
		options.onWarning?.(`The token cache was unreadable — ${problem} ${kept}; sign in again.`);
	}

	return {
		path,
		load(cache) {
			loading ??= read(cache);
			return loading;
		},
		changed(cache) {
			if (!cache.hasChanged()) return;
			pending = cache;
			writing ??= writeLoop().finally(() => {
				writing = undefined;
			});
		},
		async flush() {
			while (writing) await writing;
			if (writeFailure) throw writeFailure;
		},
		async clear() {
			while (writing) await writing;
			pending = undefined;
			writeFailure = undefined;
			await rm(path, {force: true}).catch(error => {
				throw storageError(error, dirname(path));
			});
		},
	};
}
