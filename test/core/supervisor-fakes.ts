// Fake PowerShell processes for the supervisor's tests: they answer the supervisor's own scripts
// (import, a tenant's turn, disconnect), run a test-given function for the tenant's script, honour the call
// timeout by ending themselves, and share one view of the connections open at once.

import {TenantdeckError} from '../../source/core/errors.js';
import type {InvokeOptions, InvokeResult, PowerShellPort, PowerShellSession, StreamRecord} from '../../source/core/supervisor-ports.js';
import {disconnectAllScript, disconnectScript, importScript} from '../../source/core/supervisor-scripts.js';
import {isolatedTenantTurnScript, tenantTurnScript} from '../../source/core/supervisor-turn-script.js';
import {isWarmUp} from '../../source/core/supervisor-warm-up.js';

export type Script = (args: Record<string, unknown>, session: FakeSession) => Promise<unknown[]> | unknown[];

/** Shared view of every fake process: what is connected now and the most ever connected at once. */
export class FakeWorld {
	readonly sessions: FakeSession[] = [];
	readonly connected = new Set<string>();
	peak = 0;
	opened = 0;
	closed = 0;
	startError: Error | undefined;
	/** Organisations whose connect opens a connection and then throws (as a failed check after Connect-ExchangeOnline would). */
	readonly connectFailsAfterOpening = new Set<string>();
	/** Organisations whose connect opens a connection and then its process dies before answering. */
	readonly connectDiesAfterOpening = new Set<string>();
	/** Connections the "service" allows at once; a connect beyond it is refused in the service's words. */
	serviceCap = Number.POSITIVE_INFINITY;
	/** Organisations whose first connect is refused that way (the service still counting a closed connection). */
	readonly refusedOnce = new Set<string>();
	refused = 0;
	/** Calls that were asked to stop (PowerShell's own Ctrl+C). */
	stops = 0;
	/** Processes that do not stop when asked (a cmdlet blocked in .NET). */
	ignoreStops = false;
	/** Organisations whose first disconnect is stopped, as by a Ctrl+C meant for the call before that landed late. */
	readonly disconnectStoppedOnce = new Set<string>();
	/** Warm-up calls answered (supervisor-warm-up.ts): they never connect. */
	warmUps = 0;
	/** Warm-ups fail (an unexpected module), as the process still can serve. */
	warmUpFails = false;
	/** Warm-ups wait for this before answering. */
	warmUpGate: Promise<void> | undefined;
	/** What a process says it holds after a tenant's disconnect (the module keeps memory across connections). */
	workingSet: (session: FakeSession) => number = () => 150 * 2 ** 20;
	constructor(readonly script: Script) {}

	port(): PowerShellPort {
		return {
			start: async () => {
				if (this.startError) throw this.startError;
				const session = new FakeSession(this);
				this.sessions.push(session);
				return session;
			},
		};
	}

	get alive(): number {
		return this.sessions.filter(session => session.alive).length;
	}
}

export class FakeSession implements PowerShellSession {
	private static nextPid = 1000;
	readonly pid = FakeSession.nextPid++;
	alive = true;
	tenants: string[] = [];
	/** The tokens its turns were handed at their gates. */
	readonly tokens: string[] = [];
	readonly exited: Promise<void>;
	private markExited!: () => void;
	private readonly pending = new Set<(error: unknown) => void>();

	constructor(private readonly world: FakeWorld) {
		this.exited = new Promise(resolve => (this.markExited = resolve));
	}

	async invoke(script: string, args: Record<string, unknown>, options: InvokeOptions): Promise<InvokeResult> {
		if (!this.alive) throw new TenantdeckError('powershell', 'dead');
		let timer: NodeJS.Timeout | undefined;
		let expire = () => undefined as void;
		let timeoutMs = options.timeoutMs;
		// Waiting at the call's gate (InvokeOptions.gate) is not silence: no deadline runs meanwhile.
		let atGate = false;
		const ended = new AbortController();
		const arm = () => {
			clearTimeout(timer);
			if (atGate) return;
			timer = setTimeout(expire, timeoutMs);
		};
		// A record restarts the silence deadline, and may change it (a turn's phases), as the real process's.
		const report = (record: StreamRecord) => {
			timeoutMs = options.deadlineAfter?.(record) ?? timeoutMs;
			arm();
			options.onRecord?.(record);
		};
		const work = (async (): Promise<unknown[]> => {
			if (script === importScript) return ['ready'];
			if (isWarmUp(args)) {
				this.world.warmUps++;
				await this.world.warmUpGate;
				if (this.world.warmUpFails) throw new TenantdeckError('powershell', 'The term Get-ConnectionInformation is not recognized.');
				return [];
			}
			if (script === tenantTurnScript || script === isolatedTenantTurnScript) {
				// One call per tenant, as the product's: connect, run, disconnect, each phase reported as it happens.
				const connect = args['connect'] as Record<string, unknown>;
				const organization = String(connect['organization']);
				if (options.gate) {
					atGate = true;
					clearTimeout(timer);
					try {
						this.tokens.push(await options.gate(ended.signal));
					} finally {
						atGate = false;
						if (!ended.signal.aborted) arm();
					}
				}
				if (this.world.connected.size >= this.world.serviceCap || this.world.refusedOnce.delete(organization)) {
					this.world.refused++;
					throw new TenantdeckError('powershell', `Fail to create a runspace because you have exceeded the maximum number of ${Number.isFinite(this.world.serviceCap) ? this.world.serviceCap : 3} concurrent connections allowed.`);
				}
				const id = `c-${organization}-${this.pid}`;
				this.tenants.push(organization);
				this.world.connected.add(id);
				this.world.opened++;
				this.world.peak = Math.max(this.world.peak, this.world.connected.size);
				if (this.world.connectFailsAfterOpening.has(organization)) throw new TenantdeckError('powershell', 'Connect-ExchangeOnline reported 2 new connections instead of one.');
				if (this.world.connectDiesAfterOpening.has(organization)) {
					await this.kill();
					throw new TenantdeckError('powershell', 'The PowerShell process ended during the call.');
				}
				report({kind: 'phase', value: {phase: 'connected', connectionId: id}});
				// Time passes between the phases, as between a real process's service calls.
				await new Promise(resolve => setImmediate(resolve));
				const rows = await this.world.script(((args['run'] as Record<string, unknown>)['args'] ?? {}) as Record<string, unknown>, this);
				for (const row of rows) report({kind: 'row', value: row});
				report({kind: 'phase', value: {phase: 'disconnecting', connectionId: id, ranOk: true}});
				await new Promise(resolve => setImmediate(resolve));
				// The disconnect stopped, as by a Ctrl+C meant for another call that landed late.
				if (this.world.disconnectStoppedOnce.delete(organization)) throw new TenantdeckError('cancelled', 'The PowerShell call was stopped.');
				this.world.connected.delete(id);
				this.world.closed++;
				report({kind: 'phase', value: {phase: 'disconnected', connectionId: id, workingSet: this.world.workingSet(this)}});
				return [];
			}
			if (script === disconnectAllScript) {
				for (const id of [...this.world.connected]) {
					if (id.endsWith(`-${this.pid}`)) {
						this.world.connected.delete(id);
						this.world.closed++;
					}
				}
				return [];
			}
			if (script === disconnectScript) {
				this.world.connected.delete(String(args['connectionId']));
				this.world.closed++;
				return [this.world.workingSet(this)];
			}
			return this.world.script(args, this);
		})();
		const died = new Promise<never>((_, reject) => this.pending.add(reject));
		const expired = new Promise<never>((_, reject) => {
			expire = () => {
				reject(new TenantdeckError('timeout', `PowerShell call timed out after ${timeoutMs / 1000}s; its process was ended.`));
				void this.kill();
			};
			arm();
		});
		const stopped = new Promise<never>((_, reject) => {
			const stop = () => {
				this.world.stops++;
				if (!this.world.ignoreStops) reject(new TenantdeckError('cancelled', 'The PowerShell call was stopped.'));
			};
			if (options.signal?.aborted) stop();
			else options.signal?.addEventListener('abort', stop, {once: true});
		});
		stopped.catch(() => undefined);
		try {
			return {data: await Promise.race([work, died, expired, stopped]), warnings: []};
		} finally {
			ended.abort();
			clearTimeout(timer);
		}
	}

	async kill(): Promise<void> {
		if (!this.alive) return;
		this.alive = false;
		for (const reject of this.pending) reject(new TenantdeckError('powershell', 'The PowerShell process was ended by SIGTERM during the call.'));
		this.markExited();
	}
}
