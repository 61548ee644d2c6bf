// The customer list, cached per account in the cache folder because discovery costs a Graph
// round trip per page (and per GDAP-only tenant). Refresh is explicit: `R` or --refresh.

import {join} from 'node:path';
import type {Account} from '../core/ports.js';
import type {Tenant} from '../core/tenant.js';
import {discoverTenants} from '../core/tenant-discovery.js';
import type {Connection} from './connection.js';
import {readOptionalFile, writePrivateFile} from './private-file.js';

type CacheFile = {account: string; fetchedAt: string; tenants: Tenant[]};

export async function loadTenants(connection: Connection, account: Account, options: {refresh?: boolean; signal?: AbortSignal; onWarning?: (text: string) => void} = {}): Promise<Tenant[]> {
	// The in-process sandbox is new every time, so its list is never cached.
	const path = connection.cloud.kind === 'public' ? join(connection.folders.cache, 'tenants.json') : undefined;
	const key = `${account.homeTenantId}/${account.username}`;
	if (path && !options.refresh) {
		const cached = parse(await readOptionalFile(path));
		if (cached?.account === key) return cached.tenants;
	}
	const {tenants, warning} = await discoverTenants(connection.graph, options.signal);
	if (warning) {
		// A partial list is shown once, never cached: the next start asks again.
		options.onWarning?.(warning);
		return tenants;
	}
	if (path) await writePrivateFile(path, JSON.stringify({account: key, fetchedAt: new Date().toISOString(), tenants} satisfies CacheFile));
	return tenants;
}

function parse(text: string | undefined): CacheFile | undefined {
	if (!text) return undefined;
	try {
		return JSON.parse(text) as CacheFile;
	} catch {
		return undefined;
	}
}
