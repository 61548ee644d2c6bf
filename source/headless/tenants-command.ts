// `tenantdeck tenants`: the customer list (GDAP and contracts merged), as a table, JSON or CSV.

import {exitCodes} from '../core/exit-codes.js';
import {csvLine} from '../core/reports/csv.js';
import {textTable} from '../core/reports/table.js';
import {loadTenants} from '../adapters/tenant-cache.js';
import {usageError, type VerbArgs} from './args.js';
import {signedInSession, type HeadlessIo} from './session.js';

const columns = ['tenantId', 'tenantDomain', 'tenantName', 'source'] as const;

export async function tenantsCommand({values: flags}: VerbArgs<'tenants'>, io: HeadlessIo): Promise<number> {
	const format = flags.format ?? 'table';
	if (!['table', 'json', 'csv'].includes(format)) throw usageError('tenants', `unknown --format "${format}".`, 'Use table, json or csv. ');
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
