// `tenantdeck ops [id]`: the operation catalog, or one operation in full.

import {parseArgs} from 'node:util';
import {findOperation} from '../core/catalog.js';
import {exitCodes} from '../core/exit-codes.js';
import {paramFields} from '../core/param-fields.js';
import type {AnyOperation} from '../core/operation.js';
import {printable, printableLines} from '../core/reports/columns.js';
import {displayWidth, fitEnd} from '../core/reports/text-width.js';
import {TenantdeckError} from '../core/errors.js';
import {roleNames} from '../core/permissions.js';
import type {HeadlessIo} from './session.js';
import {loadCatalog} from '../adapters/custom-operations.js';
import {userFolders} from '../adapters/paths.js';

export const opsHelp = `Usage: tenantdeck ops [operation-id] [--ops-dir <dir>]

Lists every operation, or describes one: what it does, whether it changes anything, its
parameters, and the PowerShell you would have typed for one tenant. Custom operations (.ps1
files in the config folder's operations/ or in --ops-dir) are listed as custom:<name>; problems
in their headers go to stderr as file:line: what is wrong.
`;

export async function opsCommand(argv: string[], io: HeadlessIo): Promise<number> {
	if (argv.includes('--help') || argv.includes('-h')) {
		io.stdout.write(opsHelp);
		return exitCodes.ok;
	}
	const {values, positionals} = parseOpsArgs(argv);
	if (positionals.length > 1) throw new TenantdeckError('invalid', 'ops: give at most one operation id.');
	const {operations, problems} = await loadCatalog({configFolder: userFolders(io.env).config, opsDir: values['ops-dir']});
	for (const problem of problems) io.stderr.write(`${printable(problem)}\n`);
	if (positionals[0]) {
		io.stdout.write(describeOperation(findOperation(operations, positionals[0])));
		return exitCodes.ok;
	}
	// A custom operation's id and title come from a file anyone may have written: filtered for the terminal.
	const width = Math.max(...operations.map(operation => displayWidth(printable(operation.id))));
	for (const operation of operations) {
		io.stdout.write(`${fitEnd(printable(operation.id), width)}  ${operation.risk === 'write' ? 'WRITE' : 'read '}  ${operation.backend.padEnd(8)}  ${printable(operation.title)}\n`);
	}
	io.stdout.write(`\nMore on one: tenantdeck ops <id>\n`);
	return exitCodes.ok;
}

function parseOpsArgs(argv: string[]) {
	try {
		return parseArgs({args: argv, options: {'ops-dir': {type: 'string'}}, strict: true, allowPositionals: true});
	} catch (error) {
		if (/argument missing/.test((error as Error).message)) throw new TenantdeckError('invalid', 'ops: --ops-dir needs a folder.');
		const flag = /'([^']+)'/.exec((error as Error).message)?.[1] ?? argv.find(argument => argument.startsWith('-'));
		throw new TenantdeckError('invalid', `ops: unknown flag ${flag}.`, {hint: 'See "tenantdeck ops --help".'});
	}
}

export function describeOperation(operation: AnyOperation): string {
	const params = paramFields(operation).map(field => `  --param ${printable(field.name)}=…   ${printable(field.description ?? '')}${field.optional ? ' (optional)' : ''}`);
	return [
		`${printable(operation.id)} — ${printable(operation.title)} (${operation.risk === 'write' ? 'CHANGES data' : 'read only'}, ${operation.backend === 'graph' ? 'Microsoft Graph' : 'Exchange Online PowerShell'})`,
		'',
		printableLines(operation.description),
		'',
		'Parameters:',
		...(params.length > 0 ? params : ['  none']),
		'',
		...permissionLines(operation),
		'What this runs, for one tenant:',
		`  ${printableLines(operation.powershell).replaceAll('\n', '\n  ')}`,
		'',
	].join('\n');
}

/** From the operation's own declaration, the same one the readme table and the consent use. */
function permissionLines(operation: AnyOperation): string[] {
	const permissions = operation.permissions;
	if (!permissions) return [];
	return [
		'Permissions it needs:',
		`  Microsoft Graph (delegated): ${permissions.graph.length > 0 ? permissions.graph.join(', ') : 'none'}`,
		...(permissions.exchange ? [`  Office 365 Exchange Online: ${permissions.exchange}`] : []),
		`  GDAP role in each customer (any one): ${roleNames(permissions.roles)}`,
		'',
	];
}
