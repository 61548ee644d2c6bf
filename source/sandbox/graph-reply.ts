// Shapes Graph replies: $select projection against the schema, @odata.context, and collection
// pages with @odata.count and an absolute @odata.nextLink built from the request's own Host.
import type {SandboxReply, SandboxRequest} from './contract.js';
import {emptyValue, schemaType} from './graph-schema.js';
import {encodeSkipToken, type Query} from './odata.js';

type Json = Record<string, unknown>;

/** Graph's default user properties when $select is absent (passwordPolicies only when selected). */
export const USER_DEFAULT_SELECT = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];

export function baseUrl(request: SandboxRequest): string {
	return `${request.url.protocol}//${request.url.host}/v1.0`;
}

/** Keeps selected properties in the order given; unset ones come back as Graph's empty value. */
export function project(record: Json, type: string, select: readonly string[] | undefined): Json {
	const names = select ?? Object.keys(record);
	const properties = schemaType(type).properties;
	const projected: Json = {};
	for (const name of names) projected[name] = name in record ? record[name] : emptyValue(properties[name]);
	return projected;
}

export function contextUrl(request: SandboxRequest, path: string, select: readonly string[] | undefined, entity = false): string {
	const selected = select ? `(${select.join(',')})` : '';
	return `${baseUrl(request)}/$metadata#${path}${selected}${entity ? '/$entity' : ''}`;
}

export type Page = {
	/** Entity set path for @odata.context, e.g. users or tenantRelationships/delegatedAdminCustomers. */
	contextPath: string;
	pageSize: number;
	/** Turns one stored record into what the reply carries (projection, @odata.type). */
	shape: (record: Json) => Json;
};

export function pageReply(request: SandboxRequest, query: Query, records: readonly Json[], page: Page): SandboxReply {
	const size = query.top ?? page.pageSize;
	const slice = records.slice(query.offset, query.offset + size);
	const body: Json = {'@odata.context': contextUrl(request, page.contextPath, query.select)};
	if (query.count) body['@odata.count'] = records.length;
	if (query.offset + size < records.length) {
		// Keep the caller's options and add our skiptoken, written literally as Graph does.
		const params = request.url.search.slice(1).split('&').filter(part => part && !part.toLowerCase().startsWith('$skiptoken=') && !part.toLowerCase().startsWith('%24skiptoken='));
		params.push(`$skiptoken=${encodeSkipToken(query.offset + size)}`);
		body['@odata.nextLink'] = `${request.url.protocol}//${request.url.host}${request.url.pathname}?${params.join('&')}`;
	}
	body.value = slice.map(page.shape);
	return {status: 200, body};
}
