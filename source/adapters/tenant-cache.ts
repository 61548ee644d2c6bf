// The customer list, cached per account in the cache folder because discovery costs a Graph
// round trip per page (and per GDAP-only tenant). Refresh is explicit: `R` or --refresh.

import {join} from 'node:path';
import type {Account} from '../core/ports.js';
import type {Tenant} from '../core/tenant.js';
import {discoverTenants} from '../core/tenant-discovery.js';
import type {Connection} from './connection.js';
import {z} from 'zod';
import {printable} from '../core/reports/columns.js';
import {readJsonFile, setAside} from './json-file.js';
import {writePrivateFile} from './private-file.js';

// Names pass the terminal filter again on the way in: the file is only as trustworthy as its folder.
const shown = z.string().transform(text => printable(text));
const cacheSchema = z.object({
	account: z.string(),
	fetchedAt: z.string(),
	tenants: z.array(z.object({tenantId: z.string().min(1), tenantDomain: shown, tenantName: shown, source: z.enum(['gdap', 'contract', 'both'])})),
});

type CacheFile = z.infer<typeof cacheSchema>;

export async function loadTenants(connection: Connection, account: Account, options: {refresh?: boolean; signal?: AbortSignal; onWarning?: (text: string) => void} = {}): Promise<Tenant[]> {
	// The in-process sandbox is new every time, so its list is never cached.
	const path = connection.cloud.kind === 'public' ? join(connection.folders.cache, 'tenants.json') : undefined;
	const key = `${account.homeTenantId}/${account.username}`;
	if (path && !options.refresh) {
		const cached = await readJsonFile(path, cacheSchema);
		if (cached.value?.account === key) return cached.value.tenants;
		// A cache is rebuilt from Graph anyway; the bad one is kept for a bug report, not overwritten.
		if (cached.problem) options.onWarning?.(`${cached.problem} It was kept as ${await setAside(path)}; the customer list is fetched again.`);
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
