// Request bodies as Graph reads them: OData annotations ride along with the properties. Instance
// annotations ("@odata.type", "@odata.id", "@odata.etag", any "@ns.term") and property annotations
// ("businessPhones@odata.type", "manager@odata.bind") are not properties, so they never meet the
// "Property 'x' does not exist" check; "@odata.type" must still name the entity's type or one
// derived from it, as Graph insists.
import {graphSchema} from './graph-schema.js';
import {ODataError} from './odata.js';

type Json = Record<string, unknown>;

export type SplitBody = {
	/** Plain properties, to be checked against the schema and applied. */
	properties: Json;
	/** property name → bind target(s), from "name@odata.bind". */
	binds: Record<string, unknown>;
};

function derivesFrom(name: string, wanted: string): boolean {
	for (let type: string | undefined = name; type; type = graphSchema.types[type]?.baseType) if (type === wanted) return true;
	return false;
}

function checkType(value: unknown, expected: string): void {
	if (typeof value !== 'string') throw new ODataError(400, 'BadRequest', `Invalid value for the instance annotation 'odata.type': a string naming a type, e.g. "#${expected}", is expected.`);
	const name = value.replace(/^#/, '');
	if (!graphSchema.types[name]) throw new ODataError(400, 'BadRequest', `A type named '${name}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`);
	if (!derivesFrom(name, expected)) throw new ODataError(400, 'BadRequest', `A resource of type '${name}' was found in a request payload where a resource of type '${expected}' was expected.`);
}

/** Separates annotations from properties; throws ODataError for an @odata.type Graph would refuse. */
export function splitBody(body: Json, type: string): SplitBody {
	const properties: Json = {};
	const binds: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(body)) {
		const at = key.indexOf('@');
		if (at === -1) {
			properties[key] = value;
		} else if (at === 0) {
			if (key === '@odata.type') checkType(value, type);
			// Other instance annotations (@odata.id, @odata.etag, @odata.context, custom terms) carry no change.
		} else if (key.slice(at) === '@odata.bind') {
			binds[key.slice(0, at)] = value;
		}
		// Other property annotations (e.g. businessPhones@odata.type) describe a value; they change nothing.
	}
	return {properties, binds};
}
