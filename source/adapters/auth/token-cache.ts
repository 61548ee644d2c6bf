// MSAL's token cache kept in one private file (mode 0600, atomic writes).
// Deliberately not an MSAL cache plugin: with a plugin MSAL clears and re-reads the whole cache
// before every silent call, which makes a run over 1,000 tenants quadratic. Instead the file is
// read once into MSAL's memory, and changes are written back coalesced; `flush()` waits for the last.

import type {TokenCache} from '@azure/msal-node';
import {rm} from 'node:fs/promises';
import {readOptionalFile, writePrivateFile} from '../private-file.js';

export type FileTokenCache = {
	readonly path: string;
	/** Reads the file into MSAL's cache once. */
	load(cache: TokenCache): Promise<void>;
	/** Call after MSAL may have changed the cache; schedules a write if it did. */
	changed(cache: TokenCache): void;
	flush(): Promise<void>;
	clear(): Promise<void>;
};

export function fileTokenCache(path: string): FileTokenCache {
	let loading: Promise<void> | undefined;
	let pending: TokenCache | undefined;
	let writing: Promise<void> | undefined;

	async function writeLoop(): Promise<void> {
		// Let a burst of parallel token calls settle into one write.
		await new Promise(resolve => setImmediate(resolve));
		while (pending) {
			const cache = pending;
			pending = undefined;
			await writePrivateFile(path, cache.serialize());
		}
	}

	return {
		path,
		load(cache) {
			loading ??= readOptionalFile(path).then(content => {
				if (content) cache.deserialize(content);
			});
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
		},
		async clear() {
			while (writing) await writing;
			pending = undefined;
			await rm(path, {force: true});
		},
	};
}
