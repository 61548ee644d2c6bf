// The sandbox's token ledger: which opaque string stands for which tenant, resource and account.
// Token text is random and never logged; only the ledger knows what a token means.
import {randomBytes} from 'node:crypto';
import type {TokenGrant} from './contract.js';

export type Account = {accountId: string; username: string; name: string; homeTenantId: string};

export type DeviceCodeEntry = {
	tenantId: string;
	scope: string;
	clientId: string;
	/** Polls answered so far; the first `pendingPolls` are authorization_pending. */
	polls: number;
	expiresAt: number;
	redeemed: boolean;
};

export type RefreshEntry = Account & {clientId: string; issuedAt: number; expiresAt: number; state: 'valid' | 'revoked' | 'expired'};

const REFRESH_LIFETIME_MS = 90 * 24 * 3600 * 1000;

function opaque(prefix: string, bytes: number): string {
	return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export class TokenLedger {
	private readonly access = new Map<string, TokenGrant>();
	private readonly refresh = new Map<string, RefreshEntry>();
	readonly deviceCodes = new Map<string, DeviceCodeEntry>();

	issueAccess(grant: TokenGrant): string {
		const token = opaque('sbx.at.', 48);
		this.access.set(token, grant);
		return token;
	}

	lookupAccess(token: string): TokenGrant | undefined {
		return this.access.get(token);
	}

	issueRefresh(account: Account, clientId: string, now = Date.now()): string {
		const token = opaque('sbx.rt.', 64);
		this.refresh.set(token, {...account, clientId, issuedAt: now, expiresAt: now + REFRESH_LIFETIME_MS, state: 'valid'});
		return token;
	}

	lookupRefresh(token: string): RefreshEntry | undefined {
		return this.refresh.get(token);
	}

	/** Ends every access token issued so far before its time, as continuous access evaluation or clock skew would. */
	expireAccess(now = Date.now()): number {
		for (const grant of this.access.values()) grant.expiresAt = Math.min(grant.expiresAt, now);
		return this.access.size;
	}

	/** Invalidates every refresh token issued so far, as a password reset or an admin revoke would. */
	revokeAll(state: 'revoked' | 'expired' = 'revoked'): number {
		for (const entry of this.refresh.values()) entry.state = state;
		return this.refresh.size;
	}

	newDeviceCode(entry: Omit<DeviceCodeEntry, 'polls' | 'redeemed'>): {deviceCode: string; userCode: string} {
		const deviceCode = opaque('sbx.dc.', 48);
		this.deviceCodes.set(deviceCode, {...entry, polls: 0, redeemed: false});
		// Nine characters like Microsoft's: four letters, a hyphen, four letters (no I/O to avoid misreading).
		const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
		const pick = () => letters[randomBytes(1)[0] % letters.length];
		const userCode = `${Array.from({length: 4}, pick).join('')}-${Array.from({length: 4}, pick).join('')}`;
		return {deviceCode, userCode};
	}
}
