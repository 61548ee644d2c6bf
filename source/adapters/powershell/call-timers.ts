// The two clocks of one PowerShell call: how long it may stay silent (pushed back by each sign of
// work, or set anew by a phase), and how long a stop it was asked for may take before the process is ended.

/** A timer that can be pushed back; resolves `expired` once it runs out. */
export class Deadline {
	readonly expired: Promise<{kind: 'timeout'}>;
	private timer: NodeJS.Timeout | undefined;
	private fire: () => void = () => undefined;
	private paused = false;

	constructor(public ms: number) {
		this.expired = new Promise(resolve => {
			this.fire = () => resolve({kind: 'timeout'});
		});
		this.restart();
	}

	/** From now on the call may stay silent this long. */
	reset(ms: number): void {
		this.ms = ms;
		this.paused = false;
		this.restart();
	}

	/** Not running until reset(): the call waits for its caller (a gate), not for PowerShell. */
	pause(): void {
		this.paused = true;
		clearTimeout(this.timer);
	}

	restart(): void {
		if (this.fire === noop || this.paused) return;
		clearTimeout(this.timer);
		this.timer = setTimeout(this.fire, this.ms);
	}

	cancel(): void {
		clearTimeout(this.timer);
		this.fire = noop;
	}
}

const noop = () => undefined;

/** A stop asked of PowerShell, and how long it may take before the process is ended instead. */
export class Stop {
	begun = false;
	readonly overdue: Promise<{kind: 'overdue'}>;
	private grace: Deadline | undefined;
	private fire: () => void = noop;

	constructor(private readonly graceMs: number) {
		this.overdue = new Promise(resolve => {
			this.fire = () => resolve({kind: 'overdue'});
		});
	}

	begin(interrupt: () => void): void {
		if (this.begun) return;
		this.begun = true;
		interrupt();
		this.grace = new Deadline(this.graceMs);
		void this.grace.expired.then(this.fire);
	}

	/**
	 * The stopped call is still making progress (writing out the rows it held back, each read as a
	 * record): its grace starts again, so only a stop that has gone quiet is overdue.
	 */
	progressed(): void {
		this.grace?.restart();
	}

	end(): void {
		this.grace?.cancel();
	}
}
