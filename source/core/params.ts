// Turns "name=value" pairs from the command line (or the form) into an operation's parameters,
// with one clear message per problem, in the same words for the form and `--param` (param-problems.ts).

import type {AnyOperation} from './operation.js';
import {TenantdeckError} from './errors.js';
import {paramFields} from './param-fields.js';
import {paramProblem, type ParamProblem} from './param-problems.js';
import {didYouMean} from './suggest.js';

export function parseParamPairs(pairs: readonly string[]): Record<string, string> {
	const result: Record<string, string> = {};
	for (const pair of pairs) {
		const equals = pair.indexOf('=');
		if (equals <= 0) throw new TenantdeckError('invalid', `Malformed --param "${pair}".`, {hint: 'Write it as --param name=value.'});
		result[pair.slice(0, equals)] = pair.slice(equals + 1);
	}
	return result;
}

export function paramNames(operation: AnyOperation): string[] {
	return paramFields(operation).map(field => field.name);
}

/**
 * The checked parameters, or the first problem in words (the form shows it on its field). `typed`
 * is what the person typed when `raw` is already converted (the form's "2?" became NaN).
 */
export function checkParams(operation: AnyOperation, raw: Record<string, unknown>, typed: Readonly<Record<string, unknown>> = raw): {params: Record<string, unknown>} | {problem: ParamProblem} {
	const fields = paramFields(operation);
	const known = fields.map(field => field.name);
	const unknown = Object.keys(raw).filter(name => !known.includes(name));
	if (unknown.length > 0) {
		const accepted = known.length > 0 ? `It accepts: ${known.join(', ')}.` : 'It takes no parameters.';
		const message = `Operation ${operation.id} has no parameter "${unknown[0]}". ${didYouMean(unknown[0]!, known)}`.trim();
		return {problem: {field: unknown[0], words: `${message} ${accepted}`, code: 'unrecognized_keys', hint: accepted, message}};
	}
	const result = operation.params.safeParse(raw);
	if (result.success) return {params: result.data as Record<string, unknown>};
	return {problem: paramProblem(result.error.issues[0]!, fields, typed)};
}

/** The checked parameters; a problem is thrown with the same words, naming the parameter (headless `--param`). */
export function validateParams(operation: AnyOperation, raw: Record<string, unknown>): Record<string, unknown> {
	const checked = checkParams(operation, raw);
	if ('params' in checked) return checked.params;
	const {field, words, code, hint, message} = checked.problem;
	if (message !== undefined) throw new TenantdeckError('invalid', message, {hint, field, code});
	const where = field === undefined ? 'Parameters' : `Parameter "${field}"`;
	throw new TenantdeckError('invalid', `${where}: ${words}`, {hint: `See "tenantdeck ops ${operation.id}".`, field, code});
}
