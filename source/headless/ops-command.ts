// `tenantdeck ops [id]`: the operation catalog, or one operation in full.

import {z} from 'zod';
import {builtInOperations, findOperation} from '../core/catalog.js';
import {exitCodes} from '../core/exit-codes.js';
import {paramNames} from '../core/params.js';
import type {AnyOperation} from '../core/operation.js';
import {TenantdeckError} from '../core/errors.js';
import type {HeadlessIo} from './session.js';

export const opsHelp = `Usage: tenantdeck ops [operation-id]

Lists every operation, or describes one: what it does, whether it changes anything, its
parameters, and the PowerShell you would have typed for one tenant.
`;

export async function opsCommand(argv: string[], io: HeadlessIo): Promise<number> {
	if (argv.includes('--help') || argv.includes('-h')) {
		io.stdout.write(opsHelp);
		return exitCodes.ok;
	}
	const flag = argv.find(argument => argument.startsWith('-'));
	if (flag) throw new TenantdeckError('invalid', `ops: unknown flag ${flag}.`, {hint: 'See "tenantdeck ops --help".'});
	if (argv.length > 1) throw new TenantdeckError('invalid', 'ops: give at most one operation id.');
	if (argv[0]) {
		io.stdout.write(describeOperation(findOperation(builtInOperations, argv[0])));
		return exitCodes.ok;
	}
	const width = Math.max(...builtInOperations.map(operation => operation.id.length));
	for (const operation of builtInOperations) {
		io.stdout.write(`${operation.id.padEnd(width)}  ${operation.risk === 'write' ? 'WRITE' : 'read '}  ${operation.backend.padEnd(8)}  ${operation.title}\n`);
	}
	io.stdout.write(`\nMore on one: tenantdeck ops <id>\n`);
	return exitCodes.ok;
}

export function describeOperation(operation: AnyOperation): string {
	const shape = operation.params instanceof z.ZodObject ? (operation.params.shape as Record<string, z.ZodType>) : {};
	const params = paramNames(operation).map(name => {
		const schema = shape[name]!;
		return `  --param ${name}=…   ${schema.description ?? ''}${schema.safeParse(undefined).success ? ' (optional)' : ''}`;
	});
	return [
		`${operation.id} — ${operation.title} (${operation.risk === 'write' ? 'CHANGES data' : 'read only'}, ${operation.backend === 'graph' ? 'Microsoft Graph' : 'Exchange Online PowerShell'})`,
		'',
		operation.description,
		'',
		'Parameters:',
		...(params.length > 0 ? params : ['  none']),
		'',
		'What this runs, for one tenant:',
		`  ${operation.powershell}`,
		'',
	].join('\n');
}
