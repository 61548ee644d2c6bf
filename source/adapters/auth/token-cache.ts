// MSAL's token cache kept in one private file (mode 0600, atomic writes). Writes are coalesced:
// a run over 1,000 tenants changes the cache 2,000 times, and each change must not rewrite the
// file synchronously. `flush()` waits for the last write; sign-out deletes the file.

import type {ICachePlugin, TokenCacheContext} from '@azure/msal-node';
import {rm} from 'node:fs/promises';
import {readOptionalFile, writePrivateFile} from '../private-file.js';

export type FileTokenCache = {
	readonly plugin: ICachePlugin;
	readonly path: string;
	flush(): Promise<void>;
	clear(): Promise<void>;
};

export function fileTokenCache(path: string): FileTokenCache {
	let loaded = false;
	let latest: TokenCacheContext['tokenCache'] | undefined;
	let dirty = false;
	let writing: Promise<void> | undefined;

	async function writeLoop(): Promise<void> {
		while (dirty && latest) {
			dirty = false;
			await writePrivateFile(path, latest.serialize());
		}
	}

	function scheduleWrite(): void {
		dirty = true;
		writing ??= writeLoop().finally(() => {
			writing = undefined;
		});
	}

	const plugin: ICachePlugin = {
		async beforeCacheAccess(context) {
			// This process owns the cache while it runs, so the file is read once.
			if (loaded) return;
			loaded = true;
			const content = await readOptionalFile(path);
			if (content) context.tokenCache.deserialize(content);
		},
		async afterCacheAccess(context) {
			if (!context.cacheHasChanged) return;
			latest = context.tokenCache;
			scheduleWrite();
		},
	};

	return {
		plugin,
		path,
		async flush() {
			while (writing) await writing;
		},
		async clear() {
			while (writing) await writing;
			dirty = false;
			latest = undefined;
			await rm(path, {force: true});
		},
	};
}
