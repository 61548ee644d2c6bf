// Exchange connections as the service sees them: opened and closed by explicit calls, at most N at
// once per account (the fourth is refused in the service's words), and kept in a ledger on
// /_sandbox/stats. A client that dies without disconnecting leaves its connection open until it
// idles out, exactly the leak tenantdeck must never cause; expiries are counted apart from closes.

import {randomUUID} from 'node:crypto';
import type {ExchangeLedger, TokenGrant} from './contract.js';

export type ExchangeConnection = {
	readonly id: string;
	readonly accountId: string;
	readonly username: string;
	readonly tenantId: string;
	readonly commands: readonly string[];
	/** The client process that opened it (x-client-pid), when it said. */
	readonly clientPid?: number;
	lastUsed: number;
};

/** One cmdlet invocation (or connect/disconnect) exactly as received; never holds a token. */
export type ExchangeLogEntry = {
	readonly seq: number;
	readonly at: string;
	readonly tenantId: string;
	readonly cmdlet: string;
	readonly parameters: Record<string, unknown>;
	readonly connectionId?: string;
	/** The client's process id, as the stand-in module reports it. */
	readonly clientPid?: number;
};

export type LedgerWithExpiry = ExchangeLedger & {expired: number};

const LOG_LIMIT = 20_000;

export class ExchangeConnections {
	private readonly open = new Map<string, ExchangeConnection>();
	private readonly entries: ExchangeLogEntry[] = [];
	private seq = 0;

	constructor(
		readonly ledger: LedgerWithExpiry,
		private readonly maxPerAccount: () => number,
		/** Idle connections end after this, like the service's session timeout. */
		private readonly idleExpiryMs: number,
	) {}

	/** Opens a connection, or returns the refusal message when the account is at its limit. */
	connect(grant: TokenGrant, tenantId: string, commands: readonly string[], clientPid?: number): ExchangeConnection | {refused: string} {
		this.expireIdle();
		const max = this.maxPerAccount();
		const mine = [...this.open.values()].filter(connection => connection.accountId === grant.accountId).length;
		if (mine >= max) {
			this.ledger.refused++;
			return {
				refused: `Fail to create a runspace because you have exceeded the maximum number of ${max} concurrent connections allowed for ${grant.username}. Close an existing session (Disconnect-ExchangeOnline) and try again.`,
			};
		}
		const connection: ExchangeConnection = {id: randomUUID(), accountId: grant.accountId, username: grant.username, tenantId, commands, clientPid, lastUsed: Date.now()};
		this.open.set(connection.id, connection);
		this.ledger.opened++;
		this.ledger.open = this.open.size;
		this.ledger.peak = Math.max(this.ledger.peak, this.open.size);
		return connection;
	}

	/** The caller's live connection for this tenant, refreshed; undefined when unknown or ended. */
	use(id: string, grant: TokenGrant, tenantId: string): ExchangeConnection | undefined {
		this.expireIdle();
		const connection = this.open.get(id);
		if (!connection || connection.accountId !== grant.accountId || connection.tenantId !== tenantId) return undefined;
		connection.lastUsed = Date.now();
		return connection;
	}

	disconnect(id: string, grant: TokenGrant, tenantId: string): boolean {
		if (!this.use(id, grant, tenantId)) return false;
		this.open.delete(id);
		this.ledger.closed++;
		this.ledger.open = this.open.size;
		return true;
	}

	/**
	 * Closes this account's connections to the tenant that one client process opened; how many. Only
	 * the sandbox can offer this: it keeps sessions on the server (the old remote-PowerShell model),
	 * where a client killed mid-connect leaves one whose id nobody learned. See exchange.ts.
	 */
	disconnectOpenedBy(clientPid: number, grant: TokenGrant, tenantId: string): number {
		this.expireIdle();
		const mine = [...this.open.values()].filter(connection => connection.clientPid === clientPid && connection.accountId === grant.accountId && connection.tenantId === tenantId);
		for (const connection of mine) this.open.delete(connection.id);
		this.ledger.closed += mine.length;
		this.ledger.open = this.open.size;
		return mine.length;
	}

	log(entry: Omit<ExchangeLogEntry, 'seq' | 'at'>): void {
		this.entries.push({seq: ++this.seq, at: new Date().toISOString(), ...entry});
		if (this.entries.length > LOG_LIMIT) this.entries.splice(0, this.entries.length - LOG_LIMIT);
	}

	/** Log entries after seq `since`. */
	logSince(since = 0): ExchangeLogEntry[] {
		return this.entries.filter(entry => entry.seq > since);
	}

	private expireIdle(): void {
		const now = Date.now();
		for (const connection of this.open.values()) {
			if (now - connection.lastUsed < this.idleExpiryMs) continue;
			this.open.delete(connection.id);
			this.ledger.expired++;
			this.log({tenantId: connection.tenantId, cmdlet: '(idle expiry)', parameters: {}, connectionId: connection.id});
		}
		this.ledger.open = this.open.size;
	}
}
