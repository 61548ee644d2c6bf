// `tenantdeck ops [id]`: the operation catalog, or one operation in full.

import {z} from 'zod';
import {findOperation} from '../core/catalog.js';
import {exitCodes} from '../core/exit-codes.js';
import {paramNames} from '../core/params.js';
import type {AnyOperation} from '../core/operation.js';
import type {VerbArgs} from './args.js';
import type {HeadlessIo} from './session.js';
import {loadCatalog} from '../adapters/custom-operations.js';
import {userFolders} from '../adapters/paths.js';

export async function opsCommand({values, positionals}: VerbArgs<'ops'>, io: HeadlessIo): Promise<number> {
	const {operations, problems} = await loadCatalog({configFolder: userFolders(io.env).config, opsDir: values['ops-dir']});
	for (const problem of problems) io.stderr.write(`${problem}\n`);
	if (positionals[0]) {
		io.stdout.write(describeOperation(findOperation(operations, positionals[0])));
		return exitCodes.ok;
	}
	const width = Math.max(...operations.map(operation => operation.id.length));
	for (const operation of operations) {
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
