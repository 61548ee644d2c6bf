// Fake PowerShell processes for the supervisor's tests: they answer the supervisor's own scripts
// (import, connect, disconnect), run a test-given function for the tenant's script, honour the call
// timeout by ending themselves, and share one view of the connections open at once.

import {TenantdeckError} from '../../source/core/errors.js';
import type {InvokeOptions, InvokeResult, PowerShellPort, PowerShellSession} from '../../source/core/supervisor-ports.js';
import {connectScript, disconnectAllScript, disconnectScript, importScript} from '../../source/core/supervisor-scripts.js';

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
	refused = 0;
	/** Calls that were asked to stop (PowerShell's own Ctrl+C). */
	stops = 0;
	/** Processes that do not stop when asked (a cmdlet blocked in .NET). */
	ignoreStops = false;
	/** Organisations whose first disconnect is stopped, as by a Ctrl+C meant for the call before that landed late. */
	readonly disconnectStoppedOnce = new Set<string>();
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
	readonly exited: Promise<void>;
	private markExited!: () => void;
	private readonly pending = new Set<(error: unknown) => void>();

	constructor(private readonly world: FakeWorld) {
		this.exited = new Promise(resolve => (this.markExited = resolve));
	}

	async invoke(script: string, args: Record<string, unknown>, options: InvokeOptions): Promise<InvokeResult> {
		if (!this.alive) throw new TenantdeckError('powershell', 'dead');
		const work = (async (): Promise<unknown[]> => {
			if (script === importScript) return ['ready'];
			if (script === connectScript) {
				if (this.world.connected.size >= this.world.serviceCap) {
					this.world.refused++;
					throw new TenantdeckError('powershell', `Fail to create a runspace because you have exceeded the maximum number of ${this.world.serviceCap} concurrent connections allowed.`);
				}
				const id = `c-${String(args['organization'])}-${this.pid}`;
				this.tenants.push(String(args['organization']));
				this.world.connected.add(id);
				this.world.opened++;
				this.world.peak = Math.max(this.world.peak, this.world.connected.size);
				if (this.world.connectFailsAfterOpening.has(String(args['organization']))) throw new TenantdeckError('powershell', 'Connect-ExchangeOnline reported 2 new connections instead of one.');
				if (this.world.connectDiesAfterOpening.has(String(args['organization']))) {
					await this.kill();
					throw new TenantdeckError('powershell', 'The PowerShell process ended during the call.');
				}
				return [id];
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
				const organization = this.tenants.at(-1) ?? '';
				if (this.world.disconnectStoppedOnce.delete(organization)) throw new TenantdeckError('cancelled', 'The PowerShell call was stopped.');
				this.world.connected.delete(String(args['connectionId']));
				this.world.closed++;
				return [this.world.workingSet(this)];
			}
			// The tenant's script arrives wrapped (runScript): its own arguments are args.args.
			return this.world.script((args['args'] ?? args) as Record<string, unknown>, this);
		})();
		let timer: NodeJS.Timeout | undefined;
		const died = new Promise<never>((_, reject) => this.pending.add(reject));
		const expired = new Promise<never>((_, reject) => {
			timer = setTimeout(() => {
				reject(new TenantdeckError('timeout', `PowerShell call timed out after ${options.timeoutMs / 1000}s; its process was ended.`));
				void this.kill();
			}, options.timeoutMs);
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
