// `tenantdeck ops [id]`: the operation catalog, or one operation in full.

import {findOperation} from '../core/catalog.js';
import {exitCodes} from '../core/exit-codes.js';
import {paramFields, type ParamField} from '../core/param-fields.js';
import {operationSample, sampleTenant} from '../core/operation-sample.js';
import {validateParams} from '../core/params.js';
import {plural} from '../core/write-targets.js';
import type {AnyOperation} from '../core/operation.js';
import {printable, printableLines} from '../core/reports/columns.js';
import {displayWidth, fitEnd} from '../core/reports/text-width.js';
import {roleNames} from '../core/permissions.js';
import type {VerbArgs} from './args.js';
import type {HeadlessIo} from './session.js';
import {loadCatalog} from '../adapters/custom-operations.js';
import {userFolders} from '../adapters/paths.js';

export async function opsCommand({values, positionals}: VerbArgs<'ops'>, io: HeadlessIo): Promise<number> {
	const {operations, problems} = await loadCatalog({configFolder: userFolders(io.env).config, opsDir: values['ops-dir']});
	for (const problem of problems) io.stderr.write(`${printable(problem)}\n`);
	if (positionals[0]) {
		io.stdout.write(describeOperation(findOperation(operations, positionals[0]), {opsDir: values['ops-dir']}));
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

export function describeOperation(operation: AnyOperation, options: {opsDir?: string} = {}): string {
	const write = operation.risk === 'write';
	const sample = operationSample(operation, options);
	const fields = paramFields(operation);
	const flag = (field: ParamField) => `--param ${printable(field.name)}=…`;
	const width = Math.max(0, ...fields.map(field => displayWidth(flag(field))));
	const params = fields.map(field => `  ${fitEnd(flag(field), width)}   ${printable(field.description ?? '')}${fieldNote(field)}`);
	return [
		`${printable(operation.id)} — ${printable(operation.title)} (${write ? 'CHANGES data' : 'read only'}, ${operation.backend === 'graph' ? 'Microsoft Graph' : 'Exchange Online PowerShell'})`,
		'',
		printableLines(operation.description),
		'',
		'Parameters:',
		...(params.length > 0 ? params : ['  none']),
		'',
		...targetLines(operation),
		...permissionLines(operation),
		...(write ? ['Try it — a dry run first, which changes nothing:', `  ${printable(sample.commands[0]!)}`, 'Then make the change:', `  ${printable(sample.commands[1]!)}`] : ['Try it:', `  ${printable(sample.commands[0]!)}`]),
		...(sample.left.length > 0 ? [`  (add ${sample.left.map(field => `--param ${printable(field.name)}=…`).join(' or ')} as needed)`] : []),
		'',
		...powershellLines(operation, sample.params),
		'',
	].join('\n');
}

/** "(required)", "(optional)", or its choices and default, as the form offers them. */
function fieldNote(field: ParamField): string {
	const notes = [
		...(field.choices ? [`one of ${field.choices.join(', ')}`] : []),
		field.defaultValue !== undefined ? `default ${Array.isArray(field.defaultValue) ? field.defaultValue.join(',') : String(field.defaultValue)}` : field.optional ? 'optional' : 'required',
	];
	return ` (${printable(notes.join('; '))})`;
}

/** What a write checks before it runs: its declared targets, or plainly that it has none. */
function targetLines(operation: AnyOperation): string[] {
	if (operation.risk !== 'write') return [];
	const targets = operation.targets;
	if (!targets) return ['Targets: none declared, so it runs in every tenant you select.', ''];
	const names = plural(targets.noun);
	const looked = targets.lookup === 'user' ? ' and looked up there' : '';
	const lacking = targets.lookup === 'user' ? ', or that its tenant does not have,' : '';
	return [
		`Targets: the ${names} in --param ${printable(targets.param)}. Before anything runs, each is matched to the selected tenant that owns its domain${looked}. A name no selected tenant owns${lacking} stops the run, named with its nearest match, unless --drop-unmatched gives it up. Each tenant changes only its own ${names}.`,
		'',
	];
}

/** The PowerShell the sample's values run in the sample tenant, or (no such declaration) what a person would type. */
function powershellLines(operation: AnyOperation, raw: Readonly<Record<string, string>>): string[] {
	const indent = (lines: readonly string[]) => lines.map(line => `  ${printableLines(line).replaceAll('\n', '\n  ')}`);
	if (!operation.powershellFor) return ['What a person would type, for one tenant:', ...indent([operation.powershell])];
	return [`What that runs in ${sampleTenant.tenantDomain}, for these values:`, ...indent(operation.powershellFor(validateParams(operation, raw), sampleTenant))];
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
