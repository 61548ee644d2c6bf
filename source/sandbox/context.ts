// What every sandbox route shares: the mutable knobs, the simulated world, the token ledger,
// request counters, a seeded random source for faults, and the bearer-token check.
import type {SandboxReply, SandboxRequest, SandboxStats, TokenGrant} from './contract.js';
import {graphError} from './errors.js';
import type {Knobs} from './knobs.js';
import {Random, seedFrom} from './random.js';
import {TokenLedger} from './tokens.js';
import {World, type TenantRecord} from './world.js';
import {AccessLedger, selectsTenant} from './access.js';

export type SandboxContext = {
	/** Live knobs; POST /_sandbox/knobs changes them while the server runs. */
	knobs: Knobs;
	world: World;
	tokens: TokenLedger;
	/** App consent per customer and the roles of each GDAP relationship. */
	access: AccessLedger;
	stats: SandboxStats;
	/** Seeded, so the same seed injects the same faults in the same order. */
	random: Random;
	/** The bearer token's grant, or the 401 reply to send (Graph's InvalidAuthenticationToken). */
	authorize(request: SandboxRequest, resource: TokenGrant['resource']): TokenGrant | SandboxReply;
	/** True when the knobs say this tenant has no GDAP role for us (by id or any domain). */
	isForbidden(tenant: TenantRecord): boolean;
	/** Waits ms, or less if the sandbox stops meanwhile. */
	delay(ms: number): Promise<void>;
	/** Aborted when the sandbox stops. */
	signal: AbortSignal;
};

/** True when a knob's list names the tenant by id or any of its domains (or is "N": the first N customers). */
export const listsTenant = selectsTenant;

export function isGrant(value: TokenGrant | SandboxReply): value is TokenGrant {
	return 'tenantId' in value;
}

function unauthorized(request: SandboxRequest, message: string): SandboxReply {
	return graphError(request, 401, 'InvalidAuthenticationToken', message, {
		'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
	});
}

export function createContext(knobs: Knobs, signal: AbortSignal): SandboxContext {
	const tokens = new TokenLedger();
	const stats: SandboxStats = {requests: 0, graphRequests: 0, tokensIssued: 0, exchange: {opened: 0, closed: 0, open: 0, peak: 0, refused: 0}};
	const world = new World(knobs.seed, knobs.tenants);
	const context: SandboxContext = {
		knobs,
		world,
		tokens,
		access: new AccessLedger(knobs),
		stats,
		random: new Random(seedFrom(knobs.seed, 'faults')),
		signal,
		authorize(request, resource) {
			const header = request.headers.authorization;
			const value = (Array.isArray(header) ? header[0] : header) ?? '';
			const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
			if (!match) return unauthorized(request, 'Access token is empty.');
			const grant = tokens.lookupAccess(match[1]);
			if (!grant) return unauthorized(request, 'Access token validation failure.');
			if (grant.resource !== resource) return unauthorized(request, 'Access token validation failure. Invalid audience.');
			if (grant.expiresAt <= Date.now()) return unauthorized(request, 'Lifetime validation failed, the token is expired.');
			return grant;
		},
		isForbidden(tenant) {
			return listsTenant(context.knobs.forbiddenTenants, tenant);
		},
		delay(ms) {
			if (ms <= 0 || signal.aborted) return Promise.resolve();
			return new Promise(resolve => {
				const done = () => {
					clearTimeout(timer);
					signal.removeEventListener('abort', done);
					resolve();
				};
				const timer = setTimeout(done, ms);
				signal.addEventListener('abort', done, {once: true});
			});
		},
	};
	return context;
}
