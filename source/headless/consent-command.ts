// `tenantdeck consent`: grants the partner's multi-tenant app into customers through Partner
// Center, with exactly what the catalog declares. Dry run first; --yes to grant; audited.

import {builtInOperations} from '../core/catalog.js';
import {consentRequest, describeRequest, grantConsent, type ConsentRow} from '../core/consent.js';
import {TenantdeckError} from '../core/errors.js';
import {exitCodes} from '../core/exit-codes.js';
import {textTable} from '../core/reports/table.js';
import {auditLogPath, createAuditLog} from '../adapters/audit-log.js';
import type {VerbArgs} from './args.js';
import {selectTenants, signedInSession, type HeadlessIo} from './session.js';

const columns = ['tenantDomain', 'result', 'detail'] as const;

export async function consentCommand({values: flags}: VerbArgs<'consent'>, io: HeadlessIo): Promise<number> {
	const dryRun = flags['dry-run'] === true;
	const {connection, account, close} = await signedInSession(flags, io);
	try {
		const {selected: tenants} = await selectTenants(connection, account, flags.tenants ?? 'all', io);
		if (!dryRun && !flags.yes) {
			throw new TenantdeckError('invalid', `consent grants your app into ${tenants.length} tenant${tenants.length === 1 ? '' : 's'}; add --yes to confirm.`, {hint: 'Run it with --dry-run first to see exactly what would be granted.'});
		}
		const request = consentRequest(builtInOperations, connection.clientId);
		if (!flags.quiet) io.stderr.write(`${dryRun ? 'Dry run: would grant' : 'Granting'} app ${request.applicationId} in ${tenants.length} tenant${tenants.length === 1 ? '' : 's'} as ${account.username} — ${describeRequest(request)}\n`);
		const rows = await grantConsent({
			tenants, request, dryRun, partnerCenter: connection.partnerCenter, auth: connection.auth, signal: io.interrupted,
			audit: createAuditLog(auditLogPath(connection.folders.state), account.username),
			onRow: flags.quiet ? undefined : row => io.stderr.write(`${row.result === 'failed' ? 'FAILED' : row.result.padEnd(6)} ${row.tenant.tenantDomain}${row.result === 'failed' ? `: ${row.detail}` : ''}\n`),
		});
		// Causes are whole sentences: a pipe gets them uncut.
		io.stdout.write(textTable(columns, rows.map(toLine), (io.stdout as {columns?: number}).columns ?? 1000));
		const failed = rows.filter(row => row.result === 'failed');
		if (!flags.quiet) io.stderr.write(`${rows.length - failed.length} of ${rows.length} tenants ${dryRun ? 'would be granted' : 'consented'}${failed.length ? `, ${failed.length} failed` : ''}.\n`);
		if (failed.some(row => row.signInLost)) return exitCodes.signIn;
		return failed.length > 0 ? exitCodes.someTenantsFailed : exitCodes.ok;
	} finally {
		await close();
	}
}

function toLine(row: ConsentRow): Record<(typeof columns)[number], string> {
	return {tenantDomain: row.tenant.tenantDomain, result: row.result, detail: row.detail};
}
