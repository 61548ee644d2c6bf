// The shapes every part of the sandbox cloud agrees on: knobs, the token ledger, stats and the
// route signature. Identity, Graph and Exchange are separate route modules over one context.
import type {CloudName} from '../adapters/cloud.js';
import type {SignInErrorName} from './sign-in-errors.js';

/** Fault and timing knobs; every one can be set by flag or TENANTDECK_SANDBOX_* env. */
export type SandboxKnobs = {
	/** Number of simulated customer tenants (1..5000). */
	tenants: number;
	/** Seed for the simulated partner: same seed, same data. */
	seed: number;
	/** Added delay before every Graph/Exchange answer, in ms. */
	latencyMs: number;
	/** Fraction (0..1) of Graph requests answered 429 with Retry-After. */
	rate429: number;
	/** Fraction (0..1) of Graph requests answered 503. */
	rate503: number;
	/** Retry-After seconds sent with injected 429s/503s; the header carries it rounded up to whole seconds, as HTTP requires. */
	retryAfterSec: number;
	/** Tenant ids or domains that answer 403 (no GDAP role) to Graph and Exchange. */
	forbiddenTenants: string[];
	/** Lifetime of issued access tokens, seconds. */
	tokenLifetimeSec: number;
	/** How many device-code polls answer authorization_pending before approval. */
	pendingPolls: number;
	/** Exchange: delay of a connection open, ms. */
	exchangeConnectMs: number;
	/** Exchange: delay of each cmdlet, ms. */
	exchangeCmdletMs: number;
	/** Exchange: tenant ids or domains whose cmdlets never answer. */
	exchangeHangTenants: string[];
	/**
	 * Exchange: mailbox addresses, or tenant ids/domains (all their mailboxes), whose Set-Mailbox and
	 * Get-InboxRule fail as a cmdlet error, which the stand-in module writes as a non-terminating error.
	 */
	exchangeFailMailboxes: string[];
	/** Exchange: concurrent connections allowed per account (the service's 3). */
	exchangeMaxConnections: number;
	/**
	 * The Microsoft cloud the sandbox poses as (adapters/cloud.ts): tokens carry that cloud's
	 * audiences, a client set up for a cloud with another login host is refused as Microsoft refuses
	 * it (AADSTS900439, 900440 or 90038; see cross-cloud.ts), and Exchange connections must name its
	 * -ExchangeEnvironmentName. Default public.
	 */
	cloud?: CloudName;
	/** Makes the device-code sign-in fail with one of Microsoft's refusals (see SIGN_IN_ERRORS in sign-in-errors.ts). */
	signInError?: SignInErrorName;
	/**
	 * Customers where the partner's app is not consented ("N" = the first N customers, or ids and
	 * domains): their tokens answer AADSTS65001 until Partner Center's applicationconsents grants it.
	 */
	unconsentedTenants?: string[];
	/** Delegated Graph scopes missing from the consent the world starts with (partner and customers). */
	missingScopes?: string[];
	/** Customers ("N" or ids/domains) whose GDAP relationship holds only Directory Readers. */
	limitedRoleTenants?: string[];
	/** Seconds a device code stays valid (Microsoft: 900). */
	deviceCodeLifetimeSec?: number;
	/** Device-code `interval`: seconds a client waits between polls (default 5 as Microsoft; 0 keeps tests fast). */
	deviceCodeIntervalSec?: number;
};

/** What an issued access token stands for. */
export type TokenGrant = {
	tenantId: string;
	resource: 'graph' | 'exchange' | 'partnercenter';
	/** Delegated scopes the token carries (short names, e.g. User.Read.All), as its scp claim would. */
	scopes?: readonly string[];
	accountId: string;
	username: string;
	expiresAt: number;
};

/** Ledger of Exchange connections, as reported on GET /_sandbox/stats. */
export type ExchangeLedger = {opened: number; closed: number; open: number; peak: number; refused: number};

export type SandboxStats = {requests: number; graphRequests: number; tokensIssued: number; exchange: ExchangeLedger};

export type SandboxRequest = {
	method: string;
	url: URL;
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON body, or form fields for x-www-form-urlencoded, or undefined. */
	body: unknown;
	/** The request-id the server answers with; error bodies repeat it in innerError. */
	requestId?: string;
};

export type SandboxReply = {status: number; body?: unknown; headers?: Record<string, string>};

/** A route answers a request it owns and returns undefined for the rest. */
export type Route = (request: SandboxRequest) => Promise<SandboxReply | undefined> | SandboxReply | undefined;
