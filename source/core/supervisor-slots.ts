// Connection slots per signed-in account: the service allows a few concurrent Exchange connections
// (3) and refuses the next. A connection lost with its process (a hung cmdlet, a killed pwsh) may
// still count on the service until it expires, so its slot stays taken for the rest of the session.

import {TenantdeckError} from './errors.js';

type Waiter = {resolve: () => void; reject: (error: unknown) => void; signal?: AbortSignal; onAbort?: () => void};

const cancelled = () => new TenantdeckError('cancelled', 'Cancelled before an Exchange connection was free.');

export class ConnectionSlots {
	private held = 0;
	private lost = 0;
	private readonly waiters: Waiter[] = [];
	private readonly releaseWatchers = new Set<() => void>();

	/** onExhausted: every slot is lost; tenants waiting for anything else (a process) fail too. */
	constructor(
		private readonly max: number,
		private readonly onExhausted: (error: TenantdeckError) => void = () => undefined,
	) {}

	/** Throws when no slot can ever be had again (all lost with their processes). */
	ensureAny(): void {
		if (this.capacity <= 0) throw this.exhausted();
	}

	/** Connections open now, or being opened or closed. */
	get inUse(): number {
		return this.held;
	}

	/** Connections that ended with their process and may still count on the service. */
	get orphaned(): number {
		return this.lost;
	}

	get waiting(): number {
		return this.waiters.length;
	}

	private get capacity(): number {
		return this.max - this.lost;
	}

	/** A slot, now or once one is released. */
	acquire(signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) return Promise.reject(cancelled());
		if (this.capacity <= 0) return Promise.reject(this.exhausted());
		if (this.held < this.capacity && this.waiters.length === 0) {
			this.held++;
			return Promise.resolve();
		}
		return new Promise((resolve, reject) => {
			const waiter: Waiter = {resolve, reject, signal};
			if (signal) {
				waiter.onAbort = () => {
					this.remove(waiter);
					reject(cancelled());
				};
				signal.addEventListener('abort', waiter.onAbort, {once: true});
			}
			this.waiters.push(waiter);
		});
	}

	release(): void {
		this.held--;
		for (const watcher of this.releaseWatchers) watcher();
		this.releaseWatchers.clear();
		this.grant();
	}

	/** Settles the next time any slot is released: a refused connect tries again then. */
	released(): Promise<void> {
		return new Promise(resolve => this.releaseWatchers.add(resolve));
	}

	/** The connection of a slot being released could not be closed: keep it counted. */
	orphan(): void {
		this.lost++;
		if (this.capacity <= 0) {
			const error = this.exhausted();
			this.failAll(error);
			this.onExhausted(error);
		}
	}

	failAll(error: unknown): void {
		for (const waiter of this.waiters.splice(0)) {
			if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
			waiter.reject(error);
		}
	}

	private grant(): void {
		while (this.held < this.capacity && this.waiters.length > 0) {
			const waiter = this.waiters.shift()!;
			if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
			this.held++;
			waiter.resolve();
		}
	}

	private remove(waiter: Waiter): void {
		const index = this.waiters.indexOf(waiter);
		if (index !== -1) this.waiters.splice(index, 1);
	}

	private exhausted(): TenantdeckError {
		return new TenantdeckError('unavailable', `All ${this.max} Exchange connections are held by sessions that stopped answering.`, {
			hint: 'The service ends them after about 15 minutes; retry the failed tenants then.',
		});
	}
}
