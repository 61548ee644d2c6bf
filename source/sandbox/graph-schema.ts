// Runtime view of graph-schema.json (derived from Microsoft's metadata by
// scripts/derive-graph-schema.ts): which properties a type has, and what Graph answers for a
// selected property the sandbox does not store.
import schemaJson from './graph-schema.json' with {type: 'json'};

export type SchemaProperty = {type: string; collection?: boolean; nullable: boolean};
export type SchemaType = {kind: 'entity' | 'complex'; baseType?: string; abstract?: boolean; open?: boolean; properties: Record<string, SchemaProperty>};
export type GraphSchema = {
	provenance: Record<string, string>;
	served: string[];
	types: Record<string, SchemaType>;
	enums: Record<string, string[]>;
};

export const graphSchema = schemaJson as GraphSchema;

export function schemaType(name: string): SchemaType {
	const type = graphSchema.types[name];
	if (!type) throw new Error(`graph-schema.json has no type ${name}; run npm run schema.`);
	return type;
}

/** What Graph returns for a property that has no value: [] for collections, null, or the type's zero. */
export function emptyValue(property: SchemaProperty): unknown {
	if (property.collection) return [];
	if (property.nullable) return null;
	switch (property.type) {
		case 'Edm.Boolean':
			return false;
		case 'Edm.Int32':
		case 'Edm.Int64':
		case 'Edm.Double':
			return 0;
		case 'Edm.DateTimeOffset':
			return '0001-01-01T00:00:00Z';
		default:
			return graphSchema.enums[property.type]?.[0] ?? '';
	}
}
