// The sample `tenantdeck ops <id>` prints: a run command built from the operation's own declarations
// (its parameters with their defaults and choices, its targets on the sample tenant's domain, a dry
// run first for a write), and for a write the PowerShell those very values run. Nothing is a fixed
// string, so a parameter added or renamed shows up here by itself.

import {customPrefix, type AnyOperation} from './operation.js';
import {paramFields, type ParamField} from './param-fields.js';
import type {Tenant} from './tenant.js';

/** The customer every sample runs in; its domain is the targets' domain, so they match. */
export const sampleTenant: Tenant = {tenantId: '00000000-0000-0000-0000-000000000001', tenantDomain: 'contoso.com', tenantName: 'Contoso', source: 'gdap'};

export type OperationSample = {
	/** --param values as typed: name → text. */
	readonly params: Readonly<Record<string, string>>;
	/** Parameters left out of the sample (optional, no default): name → what they do. */
	readonly left: readonly ParamField[];
	/** One command for a read; for a write the dry run, then the real run. */
	readonly commands: readonly string[];
};

/** Text that a POSIX shell reads back as one word, unchanged. */
export function shellWord(text: string): string {
	return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

export function operationSample(operation: AnyOperation, options: {opsDir?: string} = {}): OperationSample {
	const fields = paramFields(operation);
	const params: Record<string, string> = {};
	for (const field of fields) {
		const value = sampleValue(operation, field);
		if (value !== undefined) params[field.name] = value;
	}
	const words = [
		'tenantdeck', 'run',
		...(options.opsDir && operation.id.startsWith(customPrefix) ? ['--ops-dir', options.opsDir] : []),
		'--op', operation.id, '--tenants', sampleTenant.tenantDomain,
		...Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`]),
	];
	const command = words.map(shellWord).join(' ');
	return {
		params,
		left: fields.filter(field => params[field.name] === undefined),
		commands: operation.risk === 'write' ? [`${command} --dry-run`, `${command} --yes`] : [command],
	};
}

/**
 * A value the parameter accepts: its targets on the sample tenant, its default, its first choice,
 * its declared example, or one taken from its description ("e.g. gmail.com"). An optional parameter
 * with none of these is left out rather than guessed.
 */
function sampleValue(operation: AnyOperation, field: ParamField): string | undefined {
	if (operation.targets?.param === field.name) {
		const local = field.example?.split('@')[0] ?? 'anne';
		return [local, 'ben'].map(name => `${name}@${sampleTenant.tenantDomain}`).join(',');
	}
	if (field.defaultValue !== undefined) return Array.isArray(field.defaultValue) ? field.defaultValue.join(',') : String(field.defaultValue);
	if (field.choices?.length) return field.choices[0];
	if (field.optional) return undefined;
	if (field.example) return field.example;
	const described = /\b(?:e\.g\.|for example)\s*,?\s*([^\s,;)]+[^\s,;).])/i.exec(field.description ?? '')?.[1];
	if (described) return described;
	return field.kind === 'number' ? '1' : `<${field.name}>`;
}
