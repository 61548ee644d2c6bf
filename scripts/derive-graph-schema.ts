// Derives source/sandbox/graph-schema.json from Microsoft's Graph v1.0 metadata (CSDL), so the
// sandbox can prove its answers use real property names without shipping the 3.5 MB file.
// Usage: node --import=tsx scripts/derive-graph-schema.ts [metadata.xml] [out.json]
// A regex scan is enough: the file is machine-written, one tag per line, and we need only the
// microsoft.graph schema's EntityType/ComplexType/EnumType, Property and Member tags.
import {readFileSync, writeFileSync} from 'node:fs';
import {dirname, relative, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {SERVED_ENTITY_TYPES} from '../source/sandbox/graph-served.js';

const NAMESPACE = 'microsoft.graph';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

type RawProperty = {name: string; type: string; nullable: boolean};
type RawType = {kind: 'entity' | 'complex'; name: string; baseType?: string; abstract: boolean; open: boolean; properties: RawProperty[]};
type SchemaProperty = {type: string; collection?: true; nullable: boolean};
type SchemaType = {kind: 'entity' | 'complex'; baseType?: string; abstract?: true; open?: true; properties: Record<string, SchemaProperty>};

function attributes(text: string): Record<string, string> {
	const found: Record<string, string> = {};
	for (const match of text.matchAll(/(\w+)="([^"]*)"/g)) found[match[1]] = match[2];
	return found;
}

/** `graph.x` and `microsoft.graph.x` both name microsoft.graph.x; Edm types stay as they are. */
function qualify(name: string): string {
	return name.startsWith('graph.') ? `${NAMESPACE}.${name.slice('graph.'.length)}` : name;
}

/** The text of the microsoft.graph schema only: microsoft.graph.security has its own `user`. */
function graphSchemaText(xml: string): string {
	const start = xml.indexOf(`<Schema Namespace="${NAMESPACE}"`);
	if (start < 0) throw new Error(`No ${NAMESPACE} schema in the metadata file.`);
	const end = xml.indexOf('</Schema>', start);
	return xml.slice(start, end);
}

function scan(schema: string): {types: Map<string, RawType>; enums: Map<string, string[]>} {
	const types = new Map<string, RawType>();
	const enums = new Map<string, string[]>();
	let currentType: RawType | undefined;
	let currentEnum: string[] | undefined;
	const tags = /<(\/?)(EntityType|ComplexType|EnumType|Property|Member)\b([^>]*?)(\/?)>/g;
	for (const [, closing, tag, attributeText, selfClosing] of schema.matchAll(tags)) {
		if (closing) {
			if (tag === 'EntityType' || tag === 'ComplexType') currentType = undefined;
			if (tag === 'EnumType') currentEnum = undefined;
			continue;
		}
		const found = attributes(attributeText);
		if (tag === 'EntityType' || tag === 'ComplexType') {
			const type: RawType = {
				kind: tag === 'EntityType' ? 'entity' : 'complex',
				name: `${NAMESPACE}.${found.Name}`,
				baseType: found.BaseType ? qualify(found.BaseType) : undefined,
				abstract: found.Abstract === 'true',
				open: found.OpenType === 'true',
				properties: [],
			};
			types.set(type.name, type);
			currentType = selfClosing ? undefined : type;
		} else if (tag === 'EnumType') {
			const members: string[] = [];
			enums.set(`${NAMESPACE}.${found.Name}`, members);
			currentEnum = selfClosing ? undefined : members;
		} else if (tag === 'Property' && currentType) {
			currentType.properties.push({name: found.Name, type: found.Type, nullable: found.Nullable !== 'false'});
		} else if (tag === 'Member' && currentEnum) {
			currentEnum.push(found.Name);
		}
	}
	return {types, enums};
}

function derive(xml: string, source: string) {
	const {types, enums} = scan(graphSchemaText(xml));
	const output: Record<string, SchemaType> = {};
	const usedEnums: Record<string, string[]> = {};
	const pending: string[] = [...SERVED_ENTITY_TYPES];
	while (pending.length > 0) {
		const name = pending.shift()!;
		if (output[name]) continue;
		const raw = types.get(name);
		if (!raw) throw new Error(`Type ${name} is not in the ${NAMESPACE} schema.`);
		// Inherited first, as Graph serialises them (entity.id, directoryObject.deletedDateTime, …).
		const chain: RawType[] = [];
		for (let type: RawType | undefined = raw; type; type = type.baseType ? types.get(type.baseType) : undefined) chain.unshift(type);
		const properties: Record<string, SchemaProperty> = {};
		for (const property of chain.flatMap(type => type.properties)) {
			const collection = /^Collection\((.+)\)$/.exec(property.type);
			const type = qualify(collection ? collection[1] : property.type);
			properties[property.name] = {type, ...(collection ? {collection: true as const} : {}), nullable: property.nullable};
			if (types.has(type)) pending.push(type);
			if (enums.has(type)) usedEnums[type] = enums.get(type)!;
		}
		output[name] = {
			kind: raw.kind,
			...(raw.baseType ? {baseType: raw.baseType} : {}),
			...(raw.abstract ? {abstract: true as const} : {}),
			...(raw.open ? {open: true as const} : {}),
			properties,
		};
	}
	const sortedTypes = Object.fromEntries(Object.keys(output).sort().map(name => [name, output[name]]));
	const sortedEnums = Object.fromEntries(Object.keys(usedEnums).sort().map(name => [name, usedEnums[name]]));
	return {
		provenance: {
			source,
			repository: 'microsoftgraph/msgraph-metadata',
			path: 'clean_v10_metadata/cleanMetadata.xml',
			commit: 'f54f11b',
			date: '2026-08-20',
			license: 'MIT',
			note: `Derived by scripts/derive-graph-schema.ts: namespace ${NAMESPACE} only, inherited properties flattened, nested complex types and enums included.`,
		},
		served: [...SERVED_ENTITY_TYPES],
		types: sortedTypes,
		enums: sortedEnums,
	};
}

const input = resolve(process.argv[2] ?? resolve(root, '../shared/reference/graph-v1.0-metadata.xml'));
const out = resolve(process.argv[3] ?? resolve(root, 'source/sandbox/graph-schema.json'));
const schema = derive(readFileSync(input, 'utf8'), 'graph-v1.0-metadata.xml');
writeFileSync(out, `${JSON.stringify(schema, null, '\t')}\n`);
console.log(`Wrote ${relative(process.cwd(), out)}: ${Object.keys(schema.types).length} types, ${Object.keys(schema.enums).length} enums.`);
