// The one reader of an operation's parameter schema, for the form, `ops <id>` and `--param` checks:
// the schema's own public toJSONSchema() (input side, so defaulted fields are optional), never
// zod's private internals. It needs no zod import, so the console's first frame stays light.

import type {AnyOperation} from './operation.js';

export type FieldKind = 'text' | 'number' | 'boolean' | 'choice';

export type ParamField = {
	readonly name: string;
	readonly kind: FieldKind;
	readonly description?: string;
	readonly optional: boolean;
	readonly defaultValue?: unknown;
	readonly choices?: readonly string[];
	/** A list field's entry, in words ("user"), from the schema's meta: "type at least one user". */
	readonly entry?: string;
	/** What each entry must be ("user principal name"), for "“bob” is not a user principal name". */
	readonly entryKind?: string;
	/** An entry as it should look, e.g. anne@contoso.com. */
	readonly example?: string;
};

type JsonSchema = {
	type?: string | string[];
	description?: string;
	default?: unknown;
	enum?: unknown[];
	properties?: Record<string, JsonSchema>;
	required?: string[];
	anyOf?: JsonSchema[];
	// Set with the schema's .meta() (operations/address-list.ts).
	entry?: string;
	entryKind?: string;
	example?: string;
};

export function paramFields(operation: AnyOperation): ParamField[] {
	// Transforms and preprocessors have no JSON form; they read as "any" (a text field).
	const json = operation.params.toJSONSchema({io: 'input', unrepresentable: 'any'}) as JsonSchema;
	const required = new Set(json.required ?? []);
	return Object.entries(json.properties ?? {}).map(([name, property]) => fieldOf(name, property, !required.has(name)));
}

function fieldOf(name: string, property: JsonSchema, optional: boolean): ParamField {
	// A nullable value is {anyOf: [<type>, {type: "null"}]}: the field is its non-null branch.
	const own = property.anyOf?.find(branch => branch.type !== 'null') ?? property;
	const types = [own.type].flat();
	const choices = own.enum?.filter((value): value is string => typeof value === 'string');
	const kind: FieldKind = choices?.length ? 'choice' : types.includes('boolean') ? 'boolean' : types.includes('number') || types.includes('integer') ? 'number' : 'text';
	return {
		name,
		kind,
		description: property.description ?? own.description,
		optional: optional || property.default !== undefined || property.anyOf !== undefined,
		defaultValue: property.default ?? own.default,
		choices: choices?.length ? choices : undefined,
		...(typeof own.entry === 'string' ? {entry: own.entry} : {}),
		...(typeof own.entryKind === 'string' ? {entryKind: own.entryKind} : {}),
		...(typeof own.example === 'string' ? {example: own.example} : {}),
	};
}
