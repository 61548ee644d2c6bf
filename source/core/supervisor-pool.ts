// PowerShell processes for Exchange work: started and with the module imported before a tenant needs
// them (a start plus import costs seconds), handed out one tenant at a time, retired once they hold
// too much memory (the Exchange module keeps what it took) or have served their quota of tenants, and
// all ended on shutdown.

import {TenantdeckError, asTenantdeckError} from './errors.js';
import {exchangeError, importScript} from './supervisor-scripts.js';
import type {PowerShellPort, PowerShellSession} from './supervisor-ports.js';

export type Worker = {
	readonly id: number;
	session?: PowerShellSession;
	state: 'warming' | 'idle' | 'busy' | 'ending';
	/** Tenants this process has served. */
	served: number;
	/** What the process said it held after its last tenant, when it said. */
	workingSetBytes?: number;
	/** When it last became idle: the longest-idle process is handed out first. */
	idleSince?: number;
};

type Waiter = {resolve: (worker: Worker) => void; reject: (error: unknown) => void};

export type PoolOptions = {
	readonly powershell: PowerShellPort;
	readonly warmTimeoutMs: number;
	readonly killGraceMs: number;
	/** Warmed processes kept ready beyond the ones tenants are waiting for. */
	readonly spares: number;
	/** Tenants a process serves before it is replaced. */
	readonly recycleAfter: number;
	/** A process holding more than this after a tenant is replaced. */
	readonly recycleAboveBytes: number;
	/** Processes starting at once: starts are CPU-bound, so a few at a time ready the first one sooner. */
	readonly warmConcurrency: number;
	/** Most processes alive at once, busy or not. */
	readonly limit: () => number;
	readonly onChange: () => void;
	/** A process could not be started or could not import the module: every process would fail alike. */
	readonly onWarmFailure: (error: unknown) => void;
	/** Sent once per process after the import when no tenant is waiting for it (supervisor-warm-up.ts). */
	readonly warmUp?: {readonly script: string; readonly args: Record<string, unknown>; readonly go: () => Promise<string>};
};

/** Why a tenant stopped waiting for a process: shutdown's own error, or a cancel. */
const stopped = (signal: AbortSignal) => (signal.reason instanceof TenantdeckError ? signal.reason : new TenantdeckError('cancelled', 'Cancelled before a PowerShell process was free.'));

export class ProcessPool {
	private readonly workers = new Set<Worker>();
	private readonly waiters: Waiter[] = [];
	private readonly endings = new Set<Promise<void>>();
	private nextId = 1;
	private closed = false;
	private stopError: unknown;
	private wanted = false;
	/** Processes to have ready before anyone asks (warm()); tenants' own demand comes on top. */
	private floor = 0;
	/** Most processes the current run can use (warm() with a known, small tenant count). */
	private most: number | undefined;
	/** A warm-up failed once: it is an optimisation, so it is not tried again in this pool. */
	private warmUpFailed = false;

	constructor(private readonly options: PoolOptions) {}

	counts(): {busy: number; warming: number; idle: number} {
		const counts = {busy: 0, warming: 0, idle: 0};
		for (const worker of this.workers) if (worker.state !== 'ending') counts[worker.state]++;
		return counts;
	}

	/**
	 * Starts warming `count` processes now, before the first tenant asks. `most`: the run needs no
	 * more processes alive than that (a run of fewer tenants than connections), spares included;
	 * undefined lifts an earlier cap.
	 */
	warm(count: number, most?: number): void {
		this.wanted = true;
		this.most = most;
		this.floor = most === undefined ? Math.max(this.floor, count) : count;
		this.fill();
	}

	/** Tenants waiting for a process. */
	get waiting(): number {
		return this.waiters.length;
	}

	/** A warmed process, marked busy. Rejects when processes cannot be started at all, or on abort. */
	take(signal?: AbortSignal): Promise<Worker> {
		if (signal?.aborted) return Promise.reject(stopped(signal));
		if (this.closed) return Promise.reject(this.stopError);
		this.wanted = true;
		// The longest idle, not the one just handed back: a process makes its next tenant's runspace
		// in the background after each tenant, and the one that has rested longest has it ready, so
		// that making stays off the slot's time (with spares, there is always one more process than slots).
		const idle = [...this.workers].filter(worker => worker.state === 'idle').sort((a, b) => (a.idleSince ?? 0) - (b.idleSince ?? 0))[0];
		if (idle) {
			idle.state = 'busy';
			this.fill();
			this.options.onChange();
			return Promise.resolve(idle);
		}
		const taken = new Promise<Worker>((resolve, reject) => {
			const waiter: Waiter = {resolve, reject};
			if (signal) {
				const onAbort = () => {
					const index = this.waiters.indexOf(waiter);
					if (index !== -1) this.waiters.splice(index, 1);
					reject(stopped(signal));
				};
				signal.addEventListener('abort', onAbort, {once: true});
				waiter.resolve = worker => (signal.removeEventListener('abort', onAbort), resolve(worker));
				waiter.reject = error => (signal.removeEventListener('abort', onAbort), reject(error));
			}
			this.waiters.push(waiter);
		});
		this.fill();
		return taken;
	}

	/** Back after a tenant (used) or unused: idle again, or ended once it has served enough tenants. */
	giveBack(worker: Worker, used: boolean): void {
		if (used) worker.served++;
		const heavy = (worker.workingSetBytes ?? 0) > this.options.recycleAboveBytes;
		if (worker.served >= this.options.recycleAfter || heavy || !worker.session?.alive || this.closed) {
			void this.end(worker);
			return;
		}
		this.ready(worker);
	}

	/** Ends a worker's process tree; resolves once it has exited. */
	end(worker: Worker): Promise<void> {
		worker.state = 'ending';
		const ending = (worker.session?.kill(this.options.killGraceMs) ?? Promise.resolve()).catch(() => undefined).then(() => {
			this.workers.delete(worker);
			this.endings.delete(ending);
			this.fill();
			this.options.onChange();
		});
		this.endings.add(ending);
		this.options.onChange();
		return ending;
	}

	/** Every process alive now, including those still starting. */
	sessions(): PowerShellSession[] {
		return [...this.workers].flatMap(worker => (worker.session ? [worker.session] : []));
	}

	/** No new processes, and no waiting for one: tenants still waiting, and any asking later, fail with error. */
	stop(error: unknown): void {
		this.closed = true;
		this.stopError = error;
		this.failWaiters(error);
	}

	/** Tenants waiting for a process fail with error (no connection can be had: see ConnectionSlots). */
	failWaiters(error: unknown): void {
		for (const waiter of this.waiters.splice(0)) waiter.reject(error);
	}

	/** Ends every process tree and waits for them. */
	async close(error: unknown): Promise<void> {
		this.stop(error);
		await Promise.all([...[...this.workers].filter(worker => worker.state !== 'ending').map(worker => this.end(worker)), ...this.endings]);
	}

	private fill(): void {
		if (this.closed || !this.wanted) return;
		const {warming, idle, busy} = this.counts();
		const needed = Math.max(this.waiters.length + this.options.spares - warming - idle, this.floor - warming - idle - busy);
		const room = Math.min(this.options.limit(), this.most ?? Number.POSITIVE_INFINITY) - warming - idle - busy;
		const slots = this.options.warmConcurrency - warming;
		for (let started = 0; started < Math.min(needed, room, slots); started++) this.start();
	}

	private start(): void {
		const worker: Worker = {id: this.nextId++, state: 'warming', served: 0};
		this.workers.add(worker);
		this.options.onChange();
		void this.warmUp(worker);
	}

	private async warmUp(worker: Worker): Promise<void> {
		try {
			worker.session = await this.options.powershell.start();
			// A process that dies while idle must not be handed to the next tenant.
			void worker.session.exited.then(() => {
				if (worker.state === 'idle') void this.end(worker);
			});
			if (this.closed) throw new Error('closing');
			await worker.session.invoke(importScript, {}, {timeoutMs: this.options.warmTimeoutMs});
			if (this.closed) throw new Error('closing');
			await this.warmUpCode(worker.session);
			if (this.closed) throw new Error('closing');
			if (!worker.session.alive) {
				// Died in the warm-up: this one process is lost, not the run; the next is started without one.
				await this.end(worker);
				return;
			}
			this.ready(worker);
			this.fill();
		} catch (error) {
			// Not finding PowerShell or the module fails every process alike: tell everyone waiting,
			// and start no more until someone asks again.
			if (!this.closed) {
				const failure = exchangeError(asTenantdeckError(error), undefined, 'warm');
				this.wanted = false;
				this.floor = 0;
				for (const waiter of this.waiters.splice(0)) waiter.reject(failure);
				this.options.onWarmFailure(failure);
			}
			await this.end(worker);
		}
	}

	/**
	 * The first tenant's cold costs paid here instead of on its slot's time. Skipped when a tenant is
	 * already waiting for a process (it would wait for the warm-up too): it pays them as before.
	 */
	private async warmUpCode(session: PowerShellSession): Promise<void> {
		const warmUp = this.options.warmUp;
		if (!warmUp || this.warmUpFailed || this.waiters.length > 0) return;
		try {
			// Streamed like a turn (the side channel is part of what is warmed); what it streams is dropped.
			await session.invoke(warmUp.script, warmUp.args, {timeoutMs: this.options.warmTimeoutMs, onRecord: () => undefined, gate: warmUp.go});
		} catch {
			this.warmUpFailed = true;
		}
	}

	private ready(worker: Worker): void {
		const waiter = this.waiters.shift();
		worker.state = waiter ? 'busy' : 'idle';
		worker.idleSince = Date.now();
		this.options.onChange();
		waiter?.resolve(worker);
	}
}
