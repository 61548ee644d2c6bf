// The one flag layer: node's parseArgs over the verb table (verbs.ts), with help generated from
// the same table, "did you mean" for flags and verbs, and one wording for every usage error
// (a TenantdeckError of kind 'invalid', which every caller turns into exit code 2).

import {parseArgs} from 'node:util';
import {TenantdeckError} from '../core/errors.js';
import {didYouMean} from '../core/suggest.js';
import {verbNames, verbs, type Flags, type VerbName, type VerbSpec} from './verbs.js';

type ParseArgsFlags<F extends Flags> = {[K in keyof F]: {type: F[K]['type']; multiple: F[K]['multiple'] extends true ? true : false}};
type Parsed<F extends Flags> = ReturnType<typeof parseArgs<{args: string[]; options: ParseArgsFlags<F> & {help: {type: 'boolean'; multiple: false}}; strict: true; allowPositionals: true}>>;

export type VerbArgs<V extends VerbName> = {
	readonly values: Parsed<(typeof verbs)[V]['flags']>['values'] & Record<string, string | boolean | string[] | undefined>;
	readonly positionals: string[];
};

const help = {help: {type: 'boolean', short: 'h', help: 'show this help'}} as const satisfies Flags;

/** The usage error every verb throws: "<verb>: <problem>" and a pointer to its help. */
export function usageError(verb: VerbName, problem: string, suggestion = ''): TenantdeckError {
	const command = verb ? `tenantdeck ${verb}` : 'tenantdeck';
	return new TenantdeckError('invalid', `${verb ? `${verb}: ` : ''}${problem}`, {hint: `${suggestion}See "${command} --help".`});
}

async function flagsOf(verb: VerbName): Promise<Flags> {
	const spec: VerbSpec = verbs[verb];
	return {...spec.flags, ...(await spec.moreFlags?.()), ...help};
}

/** Parses a verb's arguments against its table entry; throws a usage error on any mistake. */
export async function parseVerb<V extends VerbName>(verb: V, argv: readonly string[]): Promise<VerbArgs<V>> {
	const flags = await flagsOf(verb);
	// parseArgs rejects keys it does not know (help, value) and undefined ones.
	const options = Object.fromEntries(Object.entries(flags).map(([name, {type, short, multiple}]) => [name, {type, ...(short ? {short} : {}), ...(multiple ? {multiple} : {})}]));
	let parsed: {values: Record<string, unknown>; positionals: string[]};
	try {
		parsed = parseArgs({args: [...argv], options, strict: true, allowPositionals: true});
	} catch (error) {
		throw explain(verb, flags, error as Error & {code?: string}, argv);
	}
	const allowed = (verbs[verb] as VerbSpec).positionals ?? 0;
	if (parsed.positionals.length > allowed && !parsed.values['help']) {
		const extra = parsed.positionals[allowed]!;
		throw usageError(verb, allowed === 0 ? `unexpected argument "${extra}".` : `takes at most ${allowed} argument${allowed === 1 ? '' : 's'}; "${extra}" is one too many.`);
	}
	if (!parsed.values['help']) checkValues(verb, flags, parsed.values);
	return parsed as unknown as VerbArgs<V>;
}

/** What the table says of the values beyond their type: a whole number's range, a flag that needs another. */
function checkValues(verb: VerbName, flags: Flags, values: Record<string, unknown>): void {
	for (const [name, spec] of Object.entries(flags)) {
		const value = values[name];
		if (value === undefined) continue;
		if (spec.range) checkWholeNumber(verb, `--${name}`, String(value), spec.range);
		if (spec.onlyWith && values[spec.onlyWith.flag] === undefined) throw usageError(verb, `--${name} goes with --${spec.onlyWith.flag}.`, spec.onlyWith.hint);
	}
}

/** A whole number from min to max passes; anything else is the one usage error every verb gives for it. */
function checkWholeNumber(verb: VerbName, flag: string, text: string, [min, max]: readonly [number, number]): void {
	const value = Number(text);
	if (!/^\d+$/.test(text) || value < min || value > max) throw usageError(verb, `${flag} must be a whole number from ${min} to ${max}, not "${text}".`);
}

function explain(verb: VerbName, flags: Flags, error: Error & {code?: string}, argv: readonly string[]): TenantdeckError {
	const named = /'(-{1,2}[^' ]+)/.exec(error.message)?.[1] ?? argv.find(argument => argument.startsWith('-')) ?? '';
	const flag = named.split('=')[0]!;
	const known = Object.keys(flags).map(name => `--${name}`);
	switch (error.code) {
		case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
			return usageError(verb, `unknown flag ${flag}.`, didYouMean(flag, known));
		case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
			const spec = flags[flag.replace(/^-+/, '')];
			if (spec?.type === 'boolean') return usageError(verb, `${flag} takes no value.`);
			// "--timeout -5": the value starts with a dash, so it reads as a flag; name it instead of "needs a value".
			const given = argv[argv.indexOf(named) + 1];
			const numeric = spec?.range !== undefined;
			const negative = numeric && given !== undefined && /^-\d/.test(given) ? ` "${given}" is not one: give a number of 1 or more.` : '';
			return usageError(verb, `${flag} needs a value${spec?.value ? ` (<${spec.value}>)` : ''}.${negative}`);
		}
		default:
			return usageError(verb, `${error.message.replace(/\. To specify a positional argument.*$/s, '')}.`);
	}
}

/** A verb's --help, generated from its table entry. */
export async function verbHelp(verb: VerbName): Promise<string> {
	const spec: VerbSpec = verbs[verb];
	const flags = await flagsOf(verb);
	const labels = Object.entries(flags).map(([name, flag]) => `${flag.short ? `-${flag.short}, ` : ''}--${name}${flag.type === 'string' ? ` <${flag.value ?? 'value'}>` : ''}`);
	const width = Math.min(28, Math.max(...labels.map(label => label.length)));
	const lines = Object.values(flags).map((flag, index) => `  ${labels[index]!.padEnd(width)}  ${flag.help}`);
	const usage = spec.usage.map((line, index) => `${index === 0 ? 'Usage: ' : '       '}${line}`);
	return [...usage, '', spec.about, '', ...lines, ...(spec.footer ? ['', spec.footer] : []), ''].join('\n');
}

/** `tenantdeck --help`: every verb with its one line. */
export function topHelp(): string {
	const rows = [['tenantdeck', verbs[''].summary], ...verbNames.map(name => [`tenantdeck ${name}`, verbs[name].summary])];
	const width = Math.max(...rows.map(([command]) => command!.length));
	return [
		'tenantdeck — run the same Microsoft 365 work across many customer tenants',
		'',
		'Usage:',
		...rows.map(([command, summary]) => `  ${command!.padEnd(width)}  ${summary}`),
		'',
		'Every command takes --help. --sandbox practises on simulated customers; nothing at Microsoft is touched.',
		'',
	].join('\n');
}

/** The verb a word names, or a usage error that suggests the closest verb. */
export function verbFor(word: string): Exclude<VerbName, ''> {
	if ((verbNames as string[]).includes(word)) return word as Exclude<VerbName, ''>;
	throw usageError('', `unknown command "${word}".`, didYouMean(word, verbNames));
}
