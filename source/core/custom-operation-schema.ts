// The zod schema a custom operation's header fields are checked against, once the header's lines
// have been read into fields (custom-operation-header.ts). Every message is written for the person
// editing the .ps1 file; each issue's path names the field (or the param) it is about, so the
// reader can put the right line number in front of it.

import {z} from 'zod';

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

/** Which parameter names the write's targets, and what they are: users are looked up, mailboxes matched by domain. */
export type CustomTargets = {readonly param: string; readonly kind: 'user' | 'mailbox'};

export type CustomHeader = {
	readonly title: string;
	readonly description: string;
	readonly risk: 'read' | 'write';
	readonly cmdlets: readonly string[];
	readonly columns: readonly string[];
	readonly params: readonly CustomParam[];
	/** Writes: the parameter holding its targets, resolved against the selected tenants before it runs. */
	readonly targets?: CustomTargets;
};

/** Names the script always receives in $Args[0] beside the parameters. */
export const reservedNames = ['dryRun', 'tenantId', 'tenantDomain', 'tenantName'] as const;

// tenantdeck opens and closes the connection itself; a script that did would leak or break it.
const managedCmdlets = ['connect-exchangeonline', 'disconnect-exchangeonline', 'get-connectioninformation'];

/** The cmdlets a dry run (and a read) may load: Get- only. */
export function changesNothing(cmdlet: string): boolean {
	return /^get-/i.test(cmdlet);
}

function splitList(text: string): string[] {
	return text.split(',').map(part => part.trim()).filter(Boolean);
}

/** A field every header has: absent and empty are told apart. */
function requiredText(name: string) {
	return z.string({error: `the header has no "${name}:" line`}).min(1, {error: `"${name}" is empty`, abort: true});
}

const cmdletName = z
	.string()
	.regex(/^[A-Za-z]+-[A-Za-z0-9]+$/, {error: issue => `"${String(issue.input)}" is not a cmdlet name like Get-Mailbox`})
	.refine(cmdlet => !managedCmdlets.includes(cmdlet.toLowerCase()), {error: issue => `leave out ${String(issue.input)}: tenantdeck connects and disconnects each tenant itself`});

const columnName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {error: issue => `column "${String(issue.input)}" should be a plain name (letters, digits, _)`});

/** "name (options) description", as one param line writes it. */
const paramSyntax = /^([A-Za-z][A-Za-z0-9_]*)\s*\(([^)]*)\)\s*(.*)$/;

/** One "param:" line's value → a parameter; each problem names the parameter. */
const paramSchema = z.string().transform((value, context): CustomParam => {
	const match = paramSyntax.exec(value);
	if (!match) {
		context.addIssue({code: 'custom', message: 'write a parameter as "param: name (required) what it is" or "param: name (optional, default: value) what it is"'});
		return z.NEVER;
	}
	const [, name, options, description] = match as unknown as [string, string, string, string];
	const bad = (message: string) => {
		context.addIssue({code: 'custom', message: `parameter "${name}": ${message}`});
		return z.NEVER;
	};
	if (reservedNames.some(reserved => reserved.toLowerCase() === name.toLowerCase())) return bad(`the name is taken: the script always gets ${reservedNames.join(', ')}`);
	if (!description) return bad('add a description after the parentheses');
	let required: boolean | undefined;
	let kind: CustomParamKind = 'text';
	let choices: string[] | undefined;
	let defaultValue: string | undefined;
	for (const option of splitList(options)) {
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
});

const targetKinds = ['user', 'mailbox'] as const;

/** "mailboxes (mailbox)": the parameter, then what each value is. */
const targetsSchema = z.string().transform((value, context): CustomTargets => {
	const match = /^([A-Za-z][A-Za-z0-9_]*)\s*\(\s*([A-Za-z]+)\s*\)$/.exec(value.trim());
	const kind = match?.[2]!.toLowerCase();
	if (!match || !(targetKinds as readonly string[]).includes(kind!)) {
		context.addIssue({code: 'custom', message: `write targets as "targets: <list parameter> (user)" or "targets: <list parameter> (mailbox)", e.g. "targets: mailboxes (mailbox)"${match ? `; "${match[2]}" is neither user nor mailbox` : ''}`});
		return z.NEVER;
	}
	return {param: match[1]!, kind: kind as CustomTargets['kind']};
});

/**
 * The header's fields by name (the first of a repeated one; the reader reports the repeat), param
 * lines in order. A valid header parses to CustomHeader.
 */
export const customHeaderSchema = z
	.object({
		title: requiredText('title').max(80, {error: issue => `the title is ${String(issue.input).length} characters; keep it to 80 (the description can say more)`}),
		description: requiredText('description'),
		risk: requiredText('risk')
			.refine(risk => ['read', 'write'].includes(risk.toLowerCase()), {error: issue => `risk must be "read" or "write", not "${String(issue.input)}"`, abort: true})
			.transform(risk => risk.toLowerCase() as 'read' | 'write'),
		cmdlets: requiredText('cmdlets').transform(splitList).pipe(z.array(cmdletName)),
		columns: z.string().default('').transform(splitList).pipe(z.array(columnName)),
		params: z.array(paramSchema),
		targets: targetsSchema.optional(),
	})
	.superRefine((header, context) => {
		const cmdlets = header.cmdlets;
		// Only Get- cmdlets count as reading: a dry run loads just those, so a read may use nothing else.
		if (header.risk === 'read') {
			for (const [index, cmdlet] of cmdlets.entries()) {
				if (!changesNothing(cmdlet)) context.addIssue({code: 'custom', path: ['cmdlets', index], message: `${cmdlet} can change data, so this operation's risk must be "write"`});
			}
		}
		if (header.risk === 'write' && cmdlets.length > 0 && !cmdlets.some(changesNothing)) {
			context.addIssue({code: 'custom', path: ['cmdlets'], message: 'a write operation also needs a Get- cmdlet: its dry run loads only those, to read what would change'});
		}
		if (header.targets) checkTargets(header, header.targets, context);
		// $Args[0] is a hashtable, and PowerShell looks names up without regard to case.
		const seen = new Set<string>();
		for (const [index, param] of header.params.entries()) {
			const key = param.name.toLowerCase();
			if (seen.has(key)) context.addIssue({code: 'custom', path: ['params', index], message: `parameter "${param.name}": declared twice`});
			seen.add(key);
		}
	});

/**
 * A target parameter must make the write name what it changes: a required list, so the write can
 * never quietly fall back to every selected tenant.
 */
function checkTargets(header: {risk: string; params: readonly CustomParam[]}, targets: CustomTargets, context: z.RefinementCtx): void {
	const problem = (message: string) => context.addIssue({code: 'custom', path: ['targets'], message});
	if (header.risk !== 'write') return problem('only a write operation declares targets (they are checked before anything changes)');
	const param = header.params.find(candidate => candidate.name.toLowerCase() === targets.param.toLowerCase());
	if (!param) {
		const names = header.params.map(candidate => candidate.name);
		return problem(`targets names parameter "${targets.param}", which no "param:" line declares${names.length > 0 ? ` (the parameters are ${names.join(', ')})` : ''}`);
	}
	if (param.kind !== 'list') problem(`the targets parameter "${param.name}" must be a list: add "list" to its options, e.g. "param: ${param.name} (required, list) …"`);
	if (!param.required) problem(`the targets parameter "${param.name}" must be required: a write that names no targets would run in every selected tenant`);
}
