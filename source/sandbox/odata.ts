// OData query options as Graph's directory endpoints read them: $select, $top, $filter (eq and
// startswith joined by and), $count, and $skiptoken paging with absolute @odata.nextLink.
// Failures throw ODataError with Graph's code and wording; the route turns it into a reply.
import {schemaType} from './graph-schema.js';

export class ODataError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

export type Clause = {kind: 'eq' | 'startswith'; property: string; value: string | number | boolean | null};

export type Query = {select?: string[]; top?: number; offset: number; filter: Clause[]; count: boolean};

export type QueryRules = {
	/** Qualified type name, e.g. microsoft.graph.user, for $select and $filter checks. */
	type: string;
	/** Largest $top; Graph's wording differs between directory and other services. */
	maxTop: number;
	directory: boolean;
	/** Properties $filter accepts, with the Edm type of their values. */
	filterable?: Record<string, 'Edm.String' | 'Edm.Boolean'>;
};

const KNOWN_OPTIONS = new Set(['$select', '$top', '$filter', '$count', '$skiptoken']);

function shortName(type: string): string {
	const name = type.split('.').pop()!;
	return name[0].toUpperCase() + name.slice(1);
}

function noSuchProperty(type: string, name: string): ODataError {
	return new ODataError(400, 'BadRequest', `Could not find a property named '${name}' on type '${type}'.`);
}

type Token = {kind: 'word' | 'string' | 'number' | '(' | ')' | ','; text: string; value?: string | number; at: number};

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let index = 0;
	while (index < text.length) {
		const char = text[index];
		if (/\s/.test(char)) {
			index++;
		} else if (char === "'") {
			let value = '';
			let end = index + 1;
			for (;;) {
				if (end >= text.length) throw new ODataError(400, 'BadRequest', `Invalid filter clause: There is an unterminated string literal at position ${index} in '${text}'.`);
				if (text[end] === "'" && text[end + 1] === "'") {
					value += "'";
					end += 2;
				} else if (text[end] === "'") {
					break;
				} else {
					value += text[end++];
				}
			}
			tokens.push({kind: 'string', text: text.slice(index, end + 1), value, at: index});
			index = end + 1;
		} else if ('(),'.includes(char)) {
			tokens.push({kind: char as '(' | ')' | ',', text: char, at: index++});
		} else {
			const match = /^(-?\d+(?:\.\d+)?(?![\w/])|[A-Za-z_$][\w/.$]*)/.exec(text.slice(index));
			if (!match) throw new ODataError(400, 'BadRequest', `Invalid filter clause: Syntax error at position ${index} in '${text}'.`);
			const isNumber = /^-?\d/.test(match[0]);
			tokens.push({kind: isNumber ? 'number' : 'word', text: match[0], value: isNumber ? Number(match[0]) : undefined, at: index});
			index += match[0].length;
		}
	}
	return tokens;
}

function parseFilter(text: string, rules: QueryRules): Clause[] {
	const tokens = tokenize(text);
	let position = 0;
	const syntax = (token?: Token) => new ODataError(400, 'BadRequest', `Invalid filter clause: Syntax error at position ${token?.at ?? text.length} in '${text}'.`);
	const next = () => tokens[position++];
	const expect = (kind: Token['kind']) => {
		const token = next();
		if (token?.kind !== kind) throw syntax(token);
		return token;
	};
	const unsupported = (what: string) => new ODataError(400, 'Request_UnsupportedQuery', `Unsupported query: ${what} is not supported by the sandbox (it supports eq and startswith joined by and).`);
	const literal = (): Clause['value'] => {
		const token = next();
		if (token?.kind === 'string' || token?.kind === 'number') return token.value!;
		if (token?.kind === 'word' && ['true', 'false', 'null'].includes(token.text)) return token.text === 'null' ? null : token.text === 'true';
		throw syntax(token);
	};
	const property = (name: string): string => {
		if (!schemaType(rules.type).properties[name]) throw noSuchProperty(rules.type, name);
		if (!rules.filterable?.[name]) throw new ODataError(400, 'Request_UnsupportedQuery', `Unsupported or invalid query filter clause specified for property '${name}' of resource '${shortName(rules.type)}'.`);
		return name;
	};
	const checkType = (name: string, value: Clause['value'], operator: string) => {
		const expected = rules.filterable![name];
		const actual = value === null ? expected : typeof value === 'boolean' ? 'Edm.Boolean' : typeof value === 'number' ? 'Edm.Int32' : 'Edm.String';
		if (actual !== expected) throw new ODataError(400, 'BadRequest', `A binary operator with incompatible types was detected. Found operand types '${expected}' and '${actual}' for operator kind '${operator}'.`);
	};
	const clauses: Clause[] = [];
	const term = (): void => {
		const token = next();
		if (!token) throw syntax(token);
		if (token.kind === '(') {
			expression();
			expect(')');
			return;
		}
		if (token.kind !== 'word') throw syntax(token);
		const lower = token.text.toLowerCase();
		if (lower === 'startswith' && tokens[position]?.kind === '(') {
			next();
			const name = property(expect('word').text);
			expect(',');
			const value = literal();
			expect(')');
			checkType(name, value, 'startswith');
			if (typeof value !== 'string') throw syntax(token);
			clauses.push({kind: 'startswith', property: name, value});
			return;
		}
		if (tokens[position]?.kind === '(') throw unsupported(`the function '${token.text}'`);
		if (lower === 'not') throw unsupported("'not'");
		const operator = next();
		if (operator?.kind !== 'word') throw syntax(operator);
		if (operator.text !== 'eq') {
			if (['ne', 'gt', 'ge', 'lt', 'le', 'in', 'has'].includes(operator.text)) throw unsupported(`the operator '${operator.text}'`);
			throw syntax(operator);
		}
		const name = property(token.text);
		const value = literal();
		checkType(name, value, 'Equal');
		clauses.push({kind: 'eq', property: name, value});
	};
	const expression = (): void => {
		term();
		while (tokens[position]?.kind === 'word') {
			const joiner = tokens[position].text;
			if (joiner === 'or') throw unsupported("'or'");
			if (joiner !== 'and') throw syntax(tokens[position]);
			position++;
			term();
		}
	};
	expression();
	if (position < tokens.length) throw syntax(tokens[position]);
	return clauses;
}

function decodeSkipToken(token: string): number {
	try {
		const offset = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {o?: unknown}).o;
		if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
	} catch {}
	throw new ODataError(400, 'Request_BadRequest', 'Invalid paging token specified.');
}

export function encodeSkipToken(offset: number): string {
	return Buffer.from(JSON.stringify({o: offset})).toString('base64url');
}

export function parseQuery(url: URL, headers: Record<string, string | string[] | undefined>, rules: QueryRules): Query {
	for (const key of url.searchParams.keys()) {
		if (key.startsWith('$') && !KNOWN_OPTIONS.has(key)) throw new ODataError(400, 'BadRequest', `Query option '${key}' is not supported by the sandbox.`);
	}
	const query: Query = {offset: 0, filter: [], count: false};
	const select = url.searchParams.get('$select');
	if (select !== null) {
		query.select = [...new Set(select.split(',').map(item => item.trim()).filter(Boolean))];
		for (const name of query.select) if (!schemaType(rules.type).properties[name]) throw noSuchProperty(rules.type, name);
	}
	const top = url.searchParams.get('$top');
	if (top !== null) {
		const value = Number(top);
		if (!/^\s*\d+\s*$/.test(top)) throw new ODataError(400, 'BadRequest', `Invalid value '${top}' for $top query option found. The $top query option requires a non-negative integer value.`);
		if (rules.directory && (value < 1 || value > rules.maxTop)) throw new ODataError(400, 'Request_BadRequest', `Invalid page size specified: '${value}'. Must be between 1 and ${rules.maxTop} inclusive.`);
		if (!rules.directory && value > rules.maxTop) throw new ODataError(400, 'BadRequest', `The limit of '${rules.maxTop}' for Top query has been exceeded. The value from the incoming request is '${value}'.`);
		query.top = value;
	}
	const filter = url.searchParams.get('$filter');
	if (filter !== null && filter.trim() !== '') query.filter = parseFilter(filter, rules);
	const count = url.searchParams.get('$count');
	if (count !== null) {
		if (count !== 'true' && count !== 'false') throw new ODataError(400, 'BadRequest', `'${count}' is not a valid count option.`);
		const consistency = headers.consistencylevel;
		const eventual = (Array.isArray(consistency) ? consistency[0] : consistency)?.toLowerCase() === 'eventual';
		if (count === 'true' && rules.directory && !eventual) throw new ODataError(400, 'Request_BadRequest', '$count is not currently supported.');
		query.count = count === 'true';
	}
	const skipToken = url.searchParams.get('$skiptoken');
	if (skipToken !== null) query.offset = decodeSkipToken(skipToken);
	return query;
}

/** Directory string comparisons are case-insensitive, as in Graph. */
export function matches(record: Record<string, unknown>, clauses: readonly Clause[]): boolean {
	return clauses.every(clause => {
		const actual = record[clause.property] ?? null;
		if (clause.kind === 'startswith') return typeof actual === 'string' && actual.toLowerCase().startsWith(String(clause.value).toLowerCase());
		if (typeof actual === 'string' && typeof clause.value === 'string') return actual.toLowerCase() === clause.value.toLowerCase();
		return actual === clause.value;
	});
}
