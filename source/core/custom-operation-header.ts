// Reads the comment header of a custom operation (.ps1): title, description, risk, the Exchange
// cmdlets it needs, columns and parameters. Pure text in, header or "line: problem" out, so one bad
// file can be reported precisely while the rest of the catalog loads. Format: docs/custom-operations.md.

export type CustomParamKind = 'text' | 'number' | 'list' | 'choice';

export type CustomParam = {
	readonly name: string;
	readonly description: string;
	readonly required: boolean;
	readonly kind: CustomParamKind;
	readonly choices?: readonly string[];
	/** As written in the header; checked against the kind. */
	readonly defaultValue?: string;
};

export type CustomHeader = {
	readonly title: string;
	readonly description: string;
	readonly risk: 'read' | 'write';
	readonly cmdlets: readonly string[];
	readonly columns: readonly string[];
	readonly params: readonly CustomParam[];
};

export type HeaderProblem = {readonly line: number; readonly message: string};

export const headerMarker = '# tenantdeck operation';

const fieldNames = ['title', 'description', 'risk', 'cmdlets', 'columns', 'param'] as const;
type FieldName = (typeof fieldNames)[number];
type Field = {name: FieldName; value: string; line: number};

/** Names the script always receives in $Args[0] beside the parameters. */
export const reservedNames = ['dryRun', 'tenantId', 'tenantDomain', 'tenantName'] as const;

// tenantdeck opens and closes the connection itself; a script that did would leak or break it.
const managedCmdlets = ['connect-exchangeonline', 'disconnect-exchangeonline', 'get-connectioninformation'];

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

	const single = (name: FieldName): Field | undefined => {
		const found = fields.filter(field => field.name === name);
		for (const extra of found.slice(1)) problem(extra.line, `"${name}" is given twice (first on line ${found[0]!.line})`);
		if (found.length === 0 && name !== 'columns') problem(markerLine, `the header has no "${name}:" line`);
		if (found[0] && found[0].value === '' && name !== 'columns') problem(found[0].line, `"${name}" is empty`);
		return found[0];
	};

	const title = single('title');
	if (title && title.value.length > 80) problem(title.line, `the title is ${title.value.length} characters; keep it to 80 (the description can say more)`);
	const description = single('description');
	const risk = single('risk');
	const riskValue = risk?.value.toLowerCase();
	if (risk && risk.value && riskValue !== 'read' && riskValue !== 'write') problem(risk.line, `risk must be "read" or "write", not "${risk.value}"`);
	const cmdlets = parseCmdlets(single('cmdlets'), riskValue, problem);
	const columnsField = single('columns');
	const columns = columnsField ? splitList(columnsField.value) : [];
	for (const column of columns) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(column)) problem(columnsField!.line, `column "${column}" should be a plain name (letters, digits, _)`);
	const params: CustomParam[] = [];
	for (const field of fields.filter(candidate => candidate.name === 'param')) {
		const param = parseParam(field, params, problem);
		if (param) params.push(param);
	}

	if (!lines.slice(bodyStart).some(line => line.trim() !== '' && !line.trim().startsWith('#'))) {
		problem(Math.min(bodyStart + 1, lines.length), 'there is no script after the header');
	}
	if (problems.length > 0) return {problems: problems.sort((a, b) => a.line - b.line)};
	return {
		header: {title: title!.value, description: description!.value, risk: riskValue as 'read' | 'write', cmdlets, columns, params},
		problems,
	};
}

function parseCmdlets(field: Field | undefined, risk: string | undefined, problem: (line: number, message: string) => void): string[] {
	if (!field || !field.value) return [];
	const cmdlets = splitList(field.value);
	for (const cmdlet of cmdlets) {
		if (!/^[A-Za-z]+-[A-Za-z0-9]+$/.test(cmdlet)) problem(field.line, `"${cmdlet}" is not a cmdlet name like Get-Mailbox`);
		else if (managedCmdlets.includes(cmdlet.toLowerCase())) problem(field.line, `leave out ${cmdlet}: tenantdeck connects and disconnects each tenant itself`);
		// Only Get- cmdlets count as reading: a dry run loads just those, so a read may use nothing else.
		else if (risk === 'read' && !changesNothing(cmdlet)) problem(field.line, `${cmdlet} can change data, so this operation's risk must be "write"`);
	}
	if (risk === 'write' && cmdlets.length > 0 && !cmdlets.some(changesNothing)) {
		problem(field.line, 'a write operation also needs a Get- cmdlet: its dry run loads only those, to read what would change');
	}
	return cmdlets;
}

/** The cmdlets a dry run (and a read) may load: Get- only. */
export function changesNothing(cmdlet: string): boolean {
	return /^get-/i.test(cmdlet);
}

function parseParam(field: Field, earlier: readonly CustomParam[], problem: (line: number, message: string) => void): CustomParam | undefined {
	const match = /^([A-Za-z][A-Za-z0-9_]*)\s*\(([^)]*)\)\s*(.*)$/.exec(field.value);
	if (!match) {
		problem(field.line, 'write a parameter as "param: name (required) what it is" or "param: name (optional, default: value) what it is"');
		return undefined;
	}
	const [, name, options, description] = match as unknown as [string, string, string, string];
	const bad = (message: string) => {
		problem(field.line, `parameter "${name}": ${message}`);
		return undefined;
	};
	if (reservedNames.some(reserved => reserved.toLowerCase() === name.toLowerCase())) return bad(`the name is taken: the script always gets ${reservedNames.join(', ')}`);
	// $Args[0] is a hashtable, and PowerShell looks names up without regard to case.
	if (earlier.some(param => param.name.toLowerCase() === name.toLowerCase())) return bad('declared twice');
	if (!description) return bad('add a description after the parentheses');
	let required: boolean | undefined;
	let kind: CustomParamKind = 'text';
	let choices: string[] | undefined;
	let defaultValue: string | undefined;
	for (const option of options.split(',').map(part => part.trim()).filter(Boolean)) {
		const lower = option.toLowerCase();
		if (lower === 'required' || lower === 'optional') required = lower === 'required';
		else if (lower === 'text' || lower === 'number' || lower === 'list') kind = lower;
		else if (/^default\s*:/i.test(option)) defaultValue = option.replace(/^default\s*:\s*/i, '');
		else if (/^one of\s*:/i.test(option)) {
			kind = 'choice';
			choices = option.replace(/^one of\s*:\s*/i, '').split('|').map(choice => choice.trim()).filter(Boolean);
			if (choices.length < 2) return bad('"one of:" needs two or more choices separated by |');
		} else return bad(`unknown option "${option}"; use required or optional, text, number, list, "one of: a|b", "default: value"`);
	}
	if (defaultValue !== undefined) {
		if (required) return bad('a required parameter cannot have a default');
		required = false;
		if (defaultValue === '') return bad('"default:" needs a value');
		if (kind === 'number' && !Number.isFinite(Number(defaultValue))) return bad(`the default "${defaultValue}" is not a number`);
		if (kind === 'choice' && !choices!.includes(defaultValue)) return bad(`the default "${defaultValue}" is not one of ${choices!.join(', ')}`);
	}
	if (required === undefined) return bad('say whether it is required or optional');
	return {name, description, required, kind, choices, defaultValue};
}

function splitList(text: string): string[] {
	return text.split(',').map(part => part.trim()).filter(Boolean);
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
