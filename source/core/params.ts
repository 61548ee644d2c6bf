// Turns "name=value" pairs from the command line (or the form) into an operation's parameters,
// with one clear message per problem.

import type {AnyOperation} from './operation.js';
import {TenantdeckError} from './errors.js';
import {paramFields} from './param-fields.js';

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

export function validateParams(operation: AnyOperation, raw: Record<string, unknown>): Record<string, unknown> {
	const known = paramNames(operation);
	const unknown = Object.keys(raw).filter(name => !known.includes(name));
	if (unknown.length > 0) {
		const accepted = known.length > 0 ? `It accepts: ${known.join(', ')}.` : 'It takes no parameters.';
		throw new TenantdeckError('invalid', `Operation ${operation.id} has no parameter "${unknown[0]}".`, {hint: accepted, field: unknown[0]});
	}
	const result = operation.params.safeParse(raw);
	if (result.success) return result.data as Record<string, unknown>;
	const issue = result.error.issues[0]!;
	const field = issue.path.length > 0 ? String(issue.path[0]) : undefined;
	const where = issue.path.length > 0 ? `Parameter "${issue.path.map(String).join('.')}"` : 'Parameters';
	throw new TenantdeckError('invalid', `${where}: ${issue.message}.`, {hint: `See "tenantdeck ops ${operation.id}".`, field, code: issue.code});
}
