// /v1.0/users: list with $select/$filter/$top/$count paging, GET by id or UPN, and PATCH of
// passwordPolicies plus a few harmless fields. Writes change the stored record, so they persist.
import type {SandboxReply, SandboxRequest} from './contract.js';
import {graphError} from './errors.js';
import {contextUrl, pageReply, project, USER_DEFAULT_SELECT} from './graph-reply.js';
import {schemaType} from './graph-schema.js';
import {matches, ODataError, parseQuery, type QueryRules} from './odata.js';
import {splitBody} from './odata-body.js';
import {PASSWORD_POLICY_VALUES} from './catalog.js';
import type {TenantDetail} from './tenant-detail.js';
import type {SandboxUser} from './tenant-users.js';

const USER_TYPE = 'microsoft.graph.user';

export const USER_RULES: QueryRules = {
	type: USER_TYPE,
	maxTop: 999,
	directory: true,
	filterable: {
		id: 'Edm.String',
		accountEnabled: 'Edm.Boolean',
		city: 'Edm.String',
		companyName: 'Edm.String',
		country: 'Edm.String',
		department: 'Edm.String',
		displayName: 'Edm.String',
		givenName: 'Edm.String',
		jobTitle: 'Edm.String',
		mail: 'Edm.String',
		mailNickname: 'Edm.String',
		officeLocation: 'Edm.String',
		surname: 'Edm.String',
		usageLocation: 'Edm.String',
		userPrincipalName: 'Edm.String',
		userType: 'Edm.String',
	},
};

type Json = Record<string, unknown>;

/** A user's navigation properties (Graph v1.0), which an @odata.bind may name; the sandbox stores none. */
const USER_LINKS = new Set(['manager', 'directReports', 'memberOf', 'ownedDevices', 'ownedObjects', 'registeredDevices', 'transitiveMemberOf', 'createdObjects', 'sponsors', 'extensions']);

/** Properties a PATCH may change, with a check of the value. */
const WRITABLE: Record<string, (value: unknown) => boolean> = {
	// Graph also accepts the two flags in the other order.
	passwordPolicies: value => [...PASSWORD_POLICY_VALUES, 'DisableStrongPassword, DisablePasswordExpiration'].includes(value as string),
	// Graph requires a display name (1–256 characters); tests rename users to hostile text this way.
	displayName: value => typeof value === 'string' && value.trim().length > 0 && value.length <= 256,
	jobTitle: value => value === null || (typeof value === 'string' && value.length <= 128),
	department: value => value === null || (typeof value === 'string' && value.length <= 64),
	officeLocation: value => value === null || typeof value === 'string',
	mobilePhone: value => value === null || (typeof value === 'string' && value.length <= 64),
	businessPhones: value => Array.isArray(value) && value.length <= 1 && value.every(item => typeof item === 'string'),
	usageLocation: value => value === null || (typeof value === 'string' && /^[A-Z]{2}$/.test(value)),
};

export function findUser(detail: TenantDetail, key: string): SandboxUser | undefined {
	const wanted = decodeURIComponent(key).toLowerCase();
	return detail.users.find(user => user.id === wanted || user.userPrincipalName.toLowerCase() === wanted);
}

export function shapeUser(user: SandboxUser, select: readonly string[] | undefined): Json {
	return project(user as unknown as Json, USER_TYPE, select ?? USER_DEFAULT_SELECT);
}

function notFound(request: SandboxRequest, key: string): SandboxReply {
	return graphError(request, 404, 'Request_ResourceNotFound', `Resource '${decodeURIComponent(key)}' does not exist or one of its queried reference-property objects are not present.`);
}

export function listUsers(request: SandboxRequest, detail: TenantDetail): SandboxReply {
	const query = parseQuery(request.url, request.headers, USER_RULES);
	const users = detail.users.filter(user => matches(user as unknown as Json, query.filter));
	return pageReply(request, query, users as unknown as Json[], {contextPath: 'users', pageSize: 100, shape: user => shapeUser(user as unknown as SandboxUser, query.select)});
}

export function getUser(request: SandboxRequest, detail: TenantDetail, key: string): SandboxReply {
	const query = parseQuery(request.url, request.headers, {...USER_RULES, filterable: {}});
	const user = findUser(detail, key);
	if (!user) return notFound(request, key);
	return {status: 200, body: {'@odata.context': contextUrl(request, 'users', query.select, true), ...shapeUser(user, query.select)}};
}

export function patchUser(request: SandboxRequest, detail: TenantDetail, key: string): SandboxReply {
	const user = findUser(detail, key);
	if (!user) return notFound(request, key);
	const body = request.body;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return graphError(request, 400, 'BadRequest', 'Empty Payload. JSON content expected.');
	}
	let split;
	try {
		split = splitBody(body as Json, USER_TYPE);
	} catch (error) {
		if (error instanceof ODataError) return graphError(request, error.status, error.code, error.message);
		throw error;
	}
	const properties = schemaType(USER_TYPE).properties;
	const [bound] = Object.keys(split.binds);
	if (bound !== undefined) {
		if (!properties[bound] && !USER_LINKS.has(bound)) return graphError(request, 400, 'Request_BadRequest', `Property '${bound}' does not exist as a declared property or extension property.`);
		return graphError(request, 400, 'Request_BadRequest', `The sandbox does not model relationships, so '${bound}@odata.bind' cannot be applied; nothing was changed.`);
	}
	const changes = Object.entries(split.properties);
	for (const [name, value] of changes) {
		if (!properties[name]) return graphError(request, 400, 'Request_BadRequest', `Property '${name}' does not exist as a declared property or extension property.`);
		const check = WRITABLE[name];
		if (!check) return graphError(request, 400, 'Request_BadRequest', `Updating property '${name}' is not supported by the sandbox; it accepts ${Object.keys(WRITABLE).join(', ')}.`);
		if (!check(value)) return graphError(request, 400, 'Request_BadRequest', `Invalid value specified for property '${name}' of resource 'User'.`);
	}
	// Validate everything first so a bad field leaves the user untouched, as Graph does.
	Object.assign(user, Object.fromEntries(changes));
	return {status: 204};
}
