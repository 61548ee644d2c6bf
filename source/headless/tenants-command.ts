// `tenantdeck tenants`: the customer list (GDAP and contracts merged), as a table, JSON or CSV.

import {TenantdeckError} from '../core/errors.js';
import {exitCodes} from '../core/exit-codes.js';
import {csvLine} from '../core/reports/csv.js';
import {textTable} from '../core/reports/table.js';
import {loadTenants} from '../adapters/tenant-cache.js';
import {connectionFlags, parseFlags} from './args.js';
import {signedInSession, type HeadlessIo} from './session.js';

export const tenantsHelp = `Usage: tenantdeck tenants [--refresh] [--format table|json|csv] [--sandbox | --sandbox-url <url>]

Lists your customer tenants: GDAP relationships merged with contracts, one row per tenant.
The list is cached; --refresh asks Microsoft again.
`;

const columns = ['tenantId', 'tenantDomain', 'tenantName', 'source'] as const;

export async function tenantsCommand(argv: string[], io: HeadlessIo): Promise<number> {
	const {values: flags} = parseFlags(argv, {...connectionFlags, refresh: {type: 'boolean'}, format: {type: 'string'}}, 'tenants');
	if (flags.help) {
		io.stdout.write(tenantsHelp);
		return exitCodes.ok;
	}
	const format = flags.format ?? 'table';
	if (!['table', 'json', 'csv'].includes(format)) throw new TenantdeckError('invalid', `tenants: unknown --format "${format}".`, {hint: 'Use table, json or csv.'});
	const {connection, account, close} = await signedInSession(flags, io);
	try {
		const tenants = await loadTenants(connection, account, {refresh: flags.refresh, signal: io.interrupted, onWarning: text => io.stderr.write(`tenantdeck: ${text}\n`)});
		if (format === 'json') io.stdout.write(JSON.stringify(tenants, null, '\t') + '\n');
		else if (format === 'csv') io.stdout.write(csvLine(columns) + tenants.map(tenant => csvLine(columns.map(column => tenant[column]))).join(''));
		else io.stdout.write(textTable(columns, tenants, (io.stdout as {columns?: number}).columns));
		io.stderr.write(`${tenants.length} customer tenants for ${account.username}\n`);
		return exitCodes.ok;
	} finally {
		await close();
	}
}
