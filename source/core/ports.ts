// The small interfaces core asks for. Adapters implement them against MSAL, fetch and pwsh;
// tests hand in plain objects or the sandbox.

import type {Tenant} from './tenant.js';

export type Resource = 'graph' | 'exchange' | 'partnercenter';

export type DeviceCode = {
	/** The code the user types at the URL. */
	userCode: string;
	verificationUri: string;
	/** When the code stops working (epoch ms). */
	expiresAt: number;
	/** Microsoft's own sentence, e.g. "To sign in, use a web browser to open…". */
	message: string;
};

export type Account = {
	username: string;
	name?: string;
	homeTenantId: string;
};

export interface AuthPort {
	/** Signs in by device code; onCode receives the code to show. Abort the signal to cancel. */
	signIn(options: {onCode: (code: DeviceCode) => void; signal?: AbortSignal}): Promise<Account>;
	/** The signed-in account from the cache, if any. */
	account(): Promise<Account | undefined>;
	/**
	 * An access token for a customer tenant (or the partner's own when tenantId is omitted).
	 * forceRefresh skips every cache: for when the service refused the token it was given. With
	 * minValidityMs, one that stays valid at least that long where the service issues such tokens
	 * (a call must never start with a token that expires before its deadline).
	 */
	token(resource: Resource, tenantId?: string, options?: {forceRefresh?: boolean; minValidityMs?: number}): Promise<string>;
	/**
	 * The delegated scopes (short names, e.g. User.Read.All) the tenant's token carries, for the
	 * preflight; forceRefresh reads a fresh token (after the consent there changed).
	 */
	grantedScopes?(resource: Resource, tenantId?: string, options?: {forceRefresh?: boolean}): Promise<readonly string[]>;
	signOut(): Promise<void>;
}

export type GraphRequest = {
	/** Customer tenant the request acts in; omitted for the partner's own tenant. */
	tenantId?: string;
	signal?: AbortSignal;
	/** Called before each retry with its attempt number and wait, so runs can show "retrying 2". */
	onRetry?: (attempt: number, waitMs: number, reason: string) => void;
	headers?: Record<string, string>;
};

export interface GraphPort {
	get<T = unknown>(path: string, request?: GraphRequest): Promise<T>;
	/** Follows @odata.nextLink and yields every item of `value`. */
	list<T = unknown>(path: string, request?: GraphRequest): AsyncIterable<T>;
	patch(path: string, body: unknown, request?: GraphRequest): Promise<void>;
	post<T = unknown>(path: string, body: unknown, request?: GraphRequest): Promise<T>;
}

export type ExchangeCall = {
	/** The customer tenant; the connection is opened with -DelegatedOrganization for it. */
	tenant: Tenant;
	/** Cmdlets the connection needs (Connect-ExchangeOnline -CommandName). */
	commands: readonly string[];
	/** PowerShell text run inside the connected session. It reads its arguments from $Args[0]. */
	script: string;
	/** Arguments, passed as data (base64 JSON), never as script text. */
	args: Record<string, unknown>;
	signal?: AbortSignal;
	onPhase?: (phase: 'connecting' | 'running') => void;
	/**
	 * An admin's own script: it runs in a runspace of its own with only `commands` (as proxies) and a
	 * few engine commands, in ConstrainedLanguage, so the token and any other cmdlet are out of reach.
	 */
	isolated?: boolean;
	/** Each row, progress mark or attempted change as the script produces it (tokens already redacted). */
	onRecord?: (record: ExchangeRecord) => void;
};

/** What an Exchange script reports while it runs (see adapters/powershell/protocol.ts). */
export type ExchangeRecord =
	| {kind: 'row'; row: Record<string, unknown>}
	| {kind: 'attempt'; row: Record<string, unknown>}
	/** Mailboxes (or other items) done of total, for progress and per-item deadlines. */
	| {kind: 'progress'; done: number; total: number};

export interface ExchangePort {
	/** Runs a script in a connected Exchange session for one tenant and returns its rows. */
	run(call: ExchangeCall): Promise<Array<Record<string, unknown>>>;
}

/** The partner's multi-tenant app, granted into one customer through Partner Center. */
export type ApplicationConsent = {
	applicationId: string;
	applicationGrants: Array<{enterpriseApplicationId: string; scope: string}>;
};

export interface PartnerCenterPort {
	/** POST /v1/customers/{id}/applicationconsents: 'granted', or 'already' when it existed (409). */
	grantConsent(customerTenantId: string, consent: ApplicationConsent, signal?: AbortSignal): Promise<'granted' | 'already'>;
	/** DELETE /v1/customers/{id}/applicationconsents/{applicationId}: 'absent' when there was none (404). */
	removeConsent(customerTenantId: string, applicationId: string, signal?: AbortSignal): Promise<'removed' | 'absent'>;
}

/** The append-only record of changes made by write operations. */
export interface AuditPort {
	record(entry: {tenant: Tenant; operationId: string; params: Record<string, unknown>; row: Record<string, unknown>}): Promise<void>;
}
