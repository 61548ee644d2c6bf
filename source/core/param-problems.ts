// A parameter problem in words a junior admin can act on: what to type, and what was wrong with
// what they typed. Read from the zod issue's code and path, the value as typed and the field's
// own description (param-fields.ts) — never from zod's message text, which says things like
// "Invalid input: expected string, received undefined".

import type {z} from 'zod';
import type {ParamField} from './param-fields.js';

/** What a schema's custom check says about one typed entry, in an issue's `params`. */
export type EntryProblem = {readonly notAddress: string};

export type ParamProblem = {
	/** The parameter it is about, from the issue's path. */
	readonly field?: string;
	/** One or two sentences: what is wrong and what to type instead. */
	readonly words: string;
	/** The zod issue code, for callers that tell problems apart. */
	readonly code?: string;
	/** When the words split into a message and a hint (an unknown parameter: what it accepts). */
	readonly message?: string;
	readonly hint?: string;
};

const quote = (value: unknown) => `“${String(value)}”`;

function missing(field: ParamField | undefined, name: string): string {
	if (field?.entry) return `Type at least one ${field.entry}, separated by commas${field.example ? `, e.g. ${field.example}` : ''}.`;
	if (field?.kind === 'number') return `Type a number for ${name}${field.defaultValue === undefined ? '' : `, e.g. ${String(field.defaultValue)}`}.`;
	if (field?.kind === 'choice') return `Choose one of ${field.choices?.join(' / ')} for ${name}.`;
	return `Type a value for ${name}${field?.description ? ` (${field.description.replace(/\.$/, '')})` : ''}.`;
}

/** The first issue of a failed parse, in words. `raw` is what was typed, by parameter name. */
export function paramProblem(issue: z.core.$ZodIssue, fields: readonly ParamField[], raw: Readonly<Record<string, unknown>>): ParamProblem {
	const name = issue.path.length > 0 ? String(issue.path[0]) : undefined;
	const field = fields.find(candidate => candidate.name === name);
	const label = name ?? 'the parameters';
	const typed = name === undefined ? undefined : raw[name];
	const empty = typed === undefined || (typeof typed === 'string' && typed.trim() === '');
	const words = ((): string => {
		switch (issue.code) {
			case 'invalid_type':
				if (empty) return missing(field, label);
				if (issue.expected === 'number' || issue.expected === 'int') {
					const number = Number(typed);
					if (Number.isFinite(number) && issue.expected === 'int') return `${quote(typed)} is not a whole number: type ${label} without decimals, e.g. ${Math.round(number)}.`;
					return `${quote(typed)} is not a number: type ${label} in digits${field?.defaultValue === undefined ? '' : `, e.g. ${String(field.defaultValue)}`}.`;
				}
				if (issue.expected === 'boolean') return `${quote(typed)} is not yes or no: type true or false for ${label}.`;
				return `${quote(typed)} is not what ${label} takes: type ${field?.description?.toLowerCase() ?? 'text'}.`;
			case 'too_small':
				if (empty || (issue.origin === 'string' && issue.minimum === 1)) return missing(field, label);
				if (issue.origin === 'string') return `Type at least ${String(issue.minimum)} characters for ${label}.`;
				return `Make ${label} at least ${String(issue.minimum)}; ${quote(typed)} is too small.`;
			case 'too_big':
				if (issue.origin === 'string') return `Shorten ${label} to at most ${String(issue.maximum)} characters (this has ${String(typeof typed === 'string' ? [...typed].length : '?')}).`;
				return `Make ${label} at most ${String(issue.maximum)}; ${quote(typed)} is too big.`;
			case 'invalid_value':
				return `${empty ? 'Choose' : `${quote(typed)} is not a choice here: choose`} one of ${issue.values.map(String).join(' / ')} for ${label}.`;
			case 'invalid_format':
				return `${quote(typed)} is not a valid ${issue.format} for ${label}.`;
			case 'custom': {
				const entry = issue.params as Partial<EntryProblem> | undefined;
				if (typeof entry?.notAddress === 'string') return `${quote(entry.notAddress)} is not ${field?.entryKind ? `a ${field.entryKind}` : 'an address'} like ${field?.example ?? 'anne@contoso.com'}.`;
				return issue.message.endsWith('.') ? issue.message : `${issue.message}.`;
			}
			default:
				return `Check ${label}: ${issue.message}.`;
		}
	})();
	return {field: name, words: words.charAt(0).toUpperCase() + words.slice(1), code: issue.code};
}
