// Turns an admin's .ps1 file into an Operation: its header becomes the zod schema, and each tenant
// runs the file's text in a connected Exchange session with the parameters as data ($Args[0]),
// never spliced into the text. Pure: the adapter reads the files.

import {z} from 'zod';
import {exchangeAdminRoles, exchangeWriteRoles} from './permissions.js';
import {changeColumns, customPrefix, defineOperation, type AnyOperation, type Row, type TargetDeclaration} from './operation.js';
import type {Tenant} from './tenant.js';
import {exchangeRows} from './exchange-stream.js';
import {changesNothing, parseCustomHeader, type CustomHeader, type CustomParam} from './custom-operation-header.js';

export type CustomOperationFile = {
	/** Where it came from, for problems and for "ops <id>". */
	readonly path: string;
	/** The file name without its folder, e.g. find-forwarding.ps1. */
	readonly name: string;
	readonly text: string;
};

export {customPrefix};

/** Each problem as "file:line: what is wrong", the way compilers say it, so editors can jump there. */
export function customOperation(file: CustomOperationFile): {operation?: AnyOperation; problems: string[]} {
	const base = file.name.replace(/\.ps1$/i, '');
	if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(base)) {
		return {problems: [`${file.path}:1: the file name becomes the operation id (${customPrefix}name), so use only letters, digits, - and _`]};
	}
	const {header, problems} = parseCustomHeader(file.text);
	if (!header) return {problems: problems.map(problem => `${file.path}:${problem.line}: ${problem.message}`)};
	return {operation: operationFrom(`${customPrefix}${base.toLowerCase()}`, header, file), problems: []};
}

function operationFrom(id: string, header: CustomHeader, file: CustomOperationFile): AnyOperation {
	const write = header.risk === 'write';
	// A dry run connects with the Get- cmdlets only: a script that forgets $Args[0].dryRun then fails
	// on its Set- call instead of changing anything.
	const readOnly = header.cmdlets.filter(changesNothing);
	const targets = targetDeclaration(header);
	return defineOperation({
		id,
		title: header.title,
		description: header.description,
		risk: header.risk,
		backend: 'exchange',
		// Users named as targets are looked up (Graph) before the run, so a misspelt one is caught.
		permissions: {graph: targets?.lookup === 'user' ? ['User.Read.All'] : [], exchange: 'Exchange.Manage', roles: write ? exchangeWriteRoles : exchangeAdminRoles},
		powershell: teachingLine(header, file.path),
		targets,
		// For one tenant (a write's targets, `ops <id>`): the call that runs there with these values.
		// For every tenant at once (a write without targets): the script itself, its first lines.
		powershellFor: (params, tenant) => (tenant ? invocationLines(header, file.path, params, tenant) : scriptLines(file.text)),
		params: z.object(Object.fromEntries(header.params.map(param => [param.name, paramSchema(param)]))),
		columns: write ? changeColumns : header.columns,
		async *run({exchange, tenant, signal, onPhase, onProgress, dryRun}, params) {
			// Isolated: the script's own runspace sees only the declared cmdlets (as proxies) and never the token.
			const rows = exchangeRows(exchange, {
				tenant,
				commands: dryRun ? readOnly : header.cmdlets,
				script: file.text,
				args: {...params, dryRun, tenantId: tenant.tenantId, tenantDomain: tenant.tenantDomain, tenantName: tenant.tenantName},
				signal,
				onPhase,
				isolated: true,
			}, {onProgress});
			for await (const item of rows) yield write ? changeRow(item, dryRun) : toCells(item);
		},
	});
}

function paramSchema(param: CustomParam): z.ZodType {
	const described = <T extends z.ZodType>(schema: T) => schema.describe(param.description);
	const fallback = param.defaultValue;
	switch (param.kind) {
		case 'number': {
			const schema = z.coerce.number();
			return described(fallback !== undefined ? schema.default(Number(fallback)) : param.required ? schema : schema.optional());
		}
		case 'choice': {
			const schema = z.enum(param.choices as [string, ...string[]]);
			return described(fallback !== undefined ? schema.default(fallback) : param.required ? schema : schema.optional());
		}
		case 'list': {
			const schema = z.string().trim().min(1, 'give one or more values, separated by commas')
				.transform(text => [...new Set(text.split(',').map(part => part.trim()).filter(Boolean))]);
			return described(fallback !== undefined ? schema.default(splitDefault(fallback)) : param.required ? schema : schema.optional());
		}
		default: {
			const schema = z.string().trim().min(1, 'must not be empty').max(100_000);
			return described(fallback !== undefined ? schema.default(fallback) : param.required ? schema : schema.optional());
		}
	}
}

function splitDefault(text: string): string[] {
	return text.split(',').map(part => part.trim()).filter(Boolean);
}

/** Flat cells only: anything nested becomes its JSON text. */
function toCells(item: Record<string, unknown>): Row {
	return Object.fromEntries(Object.entries(item).map(([key, value]) => [key, value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as Row[string]) : JSON.stringify(value)]));
}

const results = new Set(['changed', 'unchanged', 'would change', 'not found', 'interrupted']);

// The audit log and the dry-run view read target/property/before/after/result. Only a documented
// result counts: 'failed: …' stays a failure, and anything else (or nothing) is shown as unknown and
// never audited as a change, because a script that does not say it changed something has not told us so.
function changeRow(item: Record<string, unknown>, dryRun: boolean): Row {
	const row = toCells(item);
	for (const column of ['target', 'property', 'before', 'after'] as const) row[column] = row[column] === undefined || row[column] === null ? '' : String(row[column]);
	const given = String(row['result'] ?? '').trim();
	const result = given.toLowerCase();
	// In a dry run no Set- cmdlet was loaded, so nothing can have changed whatever the script says.
	if (dryRun && (result === 'changed' || result === 'interrupted')) row['result'] = 'would change';
	else if (results.has(result)) row['result'] = result;
	else if (/^failed\b/.test(result)) row['result'] = given.startsWith('failed') ? given : `failed${given.slice(6)}`;
	else row['result'] = `unknown: ${given || 'the script gave no result'}`;
	return row;
}

/** Shown on a confirmation: the script's first statements, its header comments left out. */
export function scriptLines(text: string, count = 6): string[] {
	const lines = text.split(/\r?\n/).map(line => line.trimEnd()).filter(line => line.trim() !== '' && !line.trimStart().startsWith('#'));
	return lines.length > count ? [...lines.slice(0, count), `… ${lines.length - count} more lines in the script`] : lines;
}

/** The header's targets as a built-in declares them; the parameter's name as its param line spells it. */
function targetDeclaration(header: CustomHeader): TargetDeclaration | undefined {
	const declared = header.targets;
	if (!declared) return undefined;
	const param = header.params.find(candidate => candidate.name.toLowerCase() === declared.param.toLowerCase())!.name;
	return declared.kind === 'user' ? {param, lookup: 'user', noun: 'user'} : {param, lookup: 'domain', noun: 'mailbox'};
}

/** What runs in one tenant: its connection, then the script with these values as its data. */
function invocationLines(header: CustomHeader, path: string, params: Record<string, unknown>, tenant: Tenant): string[] {
	const values = Object.entries(params).filter(([, value]) => value !== undefined).map(([name, value]) => `${name} = ${psValue(value)}`);
	return [
		`Connect-ExchangeOnline -DelegatedOrganization ${tenant.tenantDomain} -AccessToken <token> -CommandName ${header.cmdlets.join(',')}`,
		// The values before the path: a narrow screen cuts the end of the line, and they are what differs.
		`$a = @{ ${[...values, 'dryRun = $false'].join('; ')} }; & '${path.replaceAll("'", "''")}' $a`,
	];
}

/** A value as PowerShell would read it: quoted text, plain numbers, @() lists. */
function psValue(value: unknown): string {
	// @() even for one: the script gets an array whatever the count, as tenantdeck passes it.
	if (Array.isArray(value)) return `@(${value.map(psValue).join(', ')})`;
	if (typeof value === 'boolean') return value ? '$true' : '$false';
	if (typeof value === 'number') return String(value);
	return `'${String(value).replaceAll("'", "''")}'`;
}

function teachingLine(header: CustomHeader, path: string): string {
	const args = header.params.map(param => `${param.name} = <${param.name}>`).join('; ');
	return `Connect-ExchangeOnline -DelegatedOrganization <tenant> -AccessToken <token> -CommandName ${header.cmdlets.join(',')}; & '${path}' @{ ${args}${args ? '; ' : ''}dryRun = $false }; Disconnect-ExchangeOnline -Confirm:$false`;
}
