// `tenantdeck doctor`: the preflight as a table of tenant × ready/why, before anything runs.

import {builtInOperations, findOperation} from '../core/catalog.js';
import {catalogCheck, preflight, type DoctorRow} from '../core/doctor.js';
import {exitCodes} from '../core/exit-codes.js';
import {textTable} from '../core/reports/table.js';
import {loadCatalog} from '../adapters/custom-operations.js';
import {userFolders} from '../adapters/paths.js';
import type {VerbArgs} from './args.js';
import {selectTenants, signedInSession, type HeadlessIo} from './session.js';

const columns = ['tenantDomain', 'ready', 'why'] as const;

const everything = catalogCheck(builtInOperations);

export async function doctorCommand({values: flags}: VerbArgs<'doctor'>, io: HeadlessIo): Promise<number> {
	const catalog = flags.op ? await loadCatalog({configFolder: userFolders(io.env).config, opsDir: flags['ops-dir']}) : undefined;
	const operation = flags.op ? findOperation(catalog!.operations, flags.op) : everything;
	const {connection, account, close} = await signedInSession(flags, io);
	try {
		const {selected: tenants} = await selectTenants(connection, account, flags.tenants ?? 'all', io);
		io.stderr.write(`Checking ${tenants.length} tenant${tenants.length === 1 ? '' : 's'} for ${operation.id} as ${account.username}…\n`);
		if (flags.connect && operation.backend !== 'exchange') io.stderr.write(`tenantdeck: --connect tries Exchange connections; ${operation.id} does not use Exchange, so none are opened.\n`);
		const rows = await preflight({operation, tenants, auth: connection.auth, graph: connection.graph, signal: io.interrupted, exchange: flags.connect ? connection.exchange : undefined});
		if (flags.format === 'json') io.stdout.write(JSON.stringify(rows.map(row => ({...row, tenant: undefined, tenantId: row.tenant.tenantId, tenantDomain: row.tenant.tenantDomain})), null, '\t') + '\n');
		else io.stdout.write(textTable(columns, rows.map(toLine), (io.stdout as {columns?: number}).columns ?? 1000));
		const notReady = rows.filter(row => !row.ready).length;
		io.stderr.write(notReady === 0 ? `All ${rows.length} tenants are ready for ${operation.id}.\n` : `${notReady} of ${rows.length} tenants are not ready for ${operation.id}; fix them before the run.\n`);
		return notReady > 0 ? exitCodes.someTenantsFailed : exitCodes.ok;
	} finally {
		await close();
	}
}

function toLine(row: DoctorRow): Record<(typeof columns)[number], string> {
	return {tenantDomain: row.tenant.tenantDomain, ready: row.ready ? 'ready' : 'NOT READY', why: row.ready ? (row.gdap.text.startsWith('DAP') ? row.gdap.text : '') : row.why};
}
