// Reads the comment header of a custom operation (.ps1): title, description, risk, the Exchange
// cmdlets it needs, columns, parameters and (writes) which parameter names its targets. Pure text in, header or "line: problem" out, so one bad
// file can be reported precisely while the rest of the catalog loads. Format: docs/custom-operations.md.
// This file reads the lines into fields; custom-operation-schema.ts checks the fields with zod.

import {customHeaderSchema, type CustomHeader} from './custom-operation-schema.js';

export {changesNothing, reservedNames, type CustomHeader, type CustomParam, type CustomParamKind, type CustomTargets} from './custom-operation-schema.js';

export type HeaderProblem = {readonly line: number; readonly message: string};

export const headerMarker = '# tenantdeck operation';

const fieldNames = ['title', 'description', 'risk', 'cmdlets', 'columns', 'param', 'targets'] as const;
type FieldName = (typeof fieldNames)[number];
type Field = {name: FieldName; value: string; line: number};

export function parseCustomHeader(text: string): {header?: CustomHeader; problems: HeaderProblem[]} {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	const problems: HeaderProblem[] = [];
	const problem = (line: number, message: string) => problems.push({line, message});

	let index = lines.findIndex(line => line.trim() !== '');
	if (index < 0 || lines[index]!.trim().toLowerCase().replace(/^#\s*/, '# ') !== headerMarker) {
		problem(index < 0 ? 1 : index + 1, `a custom operation starts with the line "${headerMarker}" followed by its header (see docs/custom-operations.md)`);
		return {problems};
	}
	const markerLine = index + 1;
	const fields: Field[] = [];
	// The header is the run of "#" lines after the marker; a bare "#" or any code line ends it.
	for (index++; index < lines.length; index++) {
		const raw = lines[index]!;
		if (!raw.startsWith('#') || raw.trim() === '#') break;
		const line = index + 1;
		const previous = fields.at(-1);
		if (/^#(\s{2,}|\t)\S/.test(raw) && previous) {
			previous.value += ` ${raw.slice(1).trim()}`;
			continue;
		}
		const match = /^#\s*([A-Za-z][A-Za-z ]*?)\s*:\s*(.*)$/.exec(raw);
		const name = match?.[1]!.toLowerCase();
		if (!match || !(fieldNames as readonly string[]).includes(name!)) {
			const near = match ? fieldNames.find(known => distance(known, name!) <= 2) : undefined;
			problem(line, match
				? `unknown header field "${match[1]}"; ${near ? `did you mean "${near}"? ` : ''}the fields are ${fieldNames.join(', ')}`
				: `expected "field: value" (${fieldNames.join(', ')}); a line that is just "#" ends the header`);
			continue;
		}
		fields.push({name: name as FieldName, value: match[2]!.trim(), line});
	}
	const bodyStart = index;

	// A field given twice is a layout problem the schema cannot see: the first one counts.
	const byName = new Map<FieldName, Field>();
	for (const field of fields) {
		if (field.name === 'param') continue;
		const first = byName.get(field.name);
		if (first) problem(field.line, `"${field.name}" is given twice (first on line ${first.line})`);
		else byName.set(field.name, field);
	}
	const params = fields.filter(field => field.name === 'param');
	const checked = customHeaderSchema.safeParse({
		title: byName.get('title')?.value,
		description: byName.get('description')?.value,
		risk: byName.get('risk')?.value,
		cmdlets: byName.get('cmdlets')?.value,
		columns: byName.get('columns')?.value,
		params: params.map(field => field.value),
		targets: byName.get('targets')?.value,
	});
	// Each issue's path names its field (or its param line); a missing field is told at the marker.
	const lineOf = (path: readonly PropertyKey[]): number => {
		if (path[0] === 'params') return params[Number(path[1])]?.line ?? markerLine;
		return byName.get(path[0] as FieldName)?.line ?? markerLine;
	};
	if (!checked.success) for (const issue of checked.error.issues) problem(lineOf(issue.path), issue.message);

	if (!lines.slice(bodyStart).some(line => line.trim() !== '' && !line.trim().startsWith('#'))) {
		problem(Math.min(bodyStart + 1, lines.length), 'there is no script after the header');
	}
	if (problems.length > 0 || !checked.success) return {problems: problems.sort((a, b) => a.line - b.line)};
	const header: CustomHeader = checked.data;
	return {header, problems};
}

/** Edit distance, for "did you mean" on a mistyped field name. */
function distance(a: string, b: string): number {
	let row = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const next = [i];
		for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		row = next;
	}
	return row[b.length]!;
}
