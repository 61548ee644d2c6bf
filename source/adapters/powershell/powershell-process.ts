// One PowerShell process driven by node-powershell, made safe: calls use the one-line protocol, have
// their own timeout that ends the process tree, and a death mid-call is always a failure.

import type {ChildProcess} from 'node:child_process';
import {rm} from 'node:fs/promises';
import {PowerShell} from 'node-powershell';
import {TenantdeckError} from '../../core/errors.js';
import type {InvokeOptions, InvokeResult, PowerShellSession} from '../../core/supervisor-ports.js';
import {killTree} from './kill-tree.js';
import {ownGroups, spawnInOwnGroup} from './own-group.js';
import {buildCommandLine, newNonce, parseEnvelope, strayOutput} from './protocol.js';
import {RecordStream} from './record-stream.js';
import {languageModeError} from './language-mode.js';
import {Deadline, Stop} from './call-timers.js';
import {GatePipe} from './gate-pipe.js';

export type ProcessOptions = {
	readonly executable: string;
	readonly env: NodeJS.ProcessEnv;
};

// node-powershell lets NODE_POWERSHELL override the executable we chose; the finder decides instead.
class ChosenPowerShell extends PowerShell {
	protected override setExecutable(options: {executable?: string}): string {
		return options.executable as string;
	}
}

// The library keeps the child and its exit promise private; we need the pid for the process tree
// and a catch on the promise, or a pwsh that dies before its first call crashes Node.
type ShellInternals = {process: ChildProcess; exitPromise: Promise<void>};

/** Long base64 runs (our own arguments, echoed in a parse error) and known secrets never reach a message. */
export function redact(text: string, secrets: readonly string[] = []): string {
	let clean = text.replace(/[A-Za-z0-9+/=_-]{64,}/g, '[redacted]');
	for (const secret of secrets) if (secret) clean = clean.split(secret).join('[redacted]');
	return clean;
}

const firstLines = (text: string) => text.split('\n').slice(0, 4).join(' ').replace(/\s+/g, ' ').trim().slice(0, 400);

export class PowerShellProcess implements PowerShellSession {
	readonly exited: Promise<void>;
	private readonly shell: ChosenPowerShell;
	private readonly child: ChildProcess;
	private exitInfo: {code: number | null; signal: NodeJS.Signals | null; error?: Error} | undefined;
	private busy = false;
	/** The protocol's functions are defined in this process (a call answered with an envelope). */
	private defined = false;
	/** Where this process's calls stream their rows: made on first use, removed when the process exits. */
	private streamFolder: Promise<string> | undefined;
	/** Settles once the rows folder is removed (after the process exits); kill() waits for it. */
	private streamFolderGone: Promise<unknown> = Promise.resolve();

	constructor(options: ProcessOptions) {
		// Its own process group: a terminal's Ctrl+C or hang-up must not stop it before we disconnect.
		this.shell = spawnInOwnGroup(
			() =>
				new ChosenPowerShell({
					executable: options.executable,
					executableOptions: {'-NoProfile': true, '-NonInteractive': true},
					spawnOptions: {env: options.env, windowsHide: true},
					throwOnInvocationError: false,
				}),
		);
		const internals = this.shell as unknown as ShellInternals;
		this.child = internals.process;
		internals.exitPromise.catch(() => undefined);
		// Writing to a dead pwsh raises EPIPE on stdin; the library only listens once.
		this.shell.streams.stdin.on('error', () => undefined);
		this.exited = new Promise(resolve => {
			this.child.once('exit', (code, signal) => {
				this.exitInfo ??= {code, signal};
				resolve();
			});
			this.child.once('error', error => {
				this.exitInfo ??= {code: null, signal: null, error};
				resolve();
			});
		});
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	get alive(): boolean {
		return this.exitInfo === undefined && this.child.exitCode === null && this.child.signalCode === null;
	}

	async invoke(script: string, args: Record<string, unknown>, options: InvokeOptions): Promise<InvokeResult> {
		if (!this.alive) throw this.deathError('before the call');
		// One call at a time: a call queued behind a dead one would never settle.
		if (this.busy) throw new TenantdeckError('powershell', 'This PowerShell process is already running a call.');
		if (options.signal?.aborted) throw stoppedError('before it started');
		this.busy = true;
		const nonce = newNonce();
		const deadline = new Deadline(options.timeoutMs);
		// Anything the process writes shows it is working: the deadline is for silence, not for the
		// whole script, so a script that reports each cmdlet (or row) gets a deadline per cmdlet.
		let stream: RecordStream | undefined;
		// Output on stdout during a call is rare (the envelope at its end, or the nudge after a phase
		// record): it has the side channel read at once.
		const activity = () => {
			deadline.restart();
			void stream?.wake();
		};
		this.child.stdout?.on('data', activity);
		this.child.stderr?.on('data', activity);
		// Constrained Language Mode refuses the call's framing, so it would never settle: the
		// engine's refusal on stderr ends it at once (a process's first call, the module import, meets it).
		let refusal: ((outcome: {kind: 'constrained'; mode: string}) => void) | undefined;
		const constrained = new Promise<{kind: 'constrained'; mode: string}>(resolve => (refusal = resolve));
		let errors = '';
		const onError = (chunk: Buffer | string) => {
			errors = (errors + chunk.toString()).slice(-4000);
			// The process's own runspace refusing our framing; a custom script's isolated runspace is
			// constrained on purpose, but its errors travel in the envelope, never on stderr.
			if (/supported only on core types in this language mode/i.test(errors)) refusal?.({kind: 'constrained', mode: 'ConstrainedLanguage'});
		};
		this.child.stderr?.on('data', onError);
		const stop = new Stop(options.stopGraceMs ?? 5000);
		const onAbort = () => {
			deadline.cancel();
			stop.begin(() => this.interrupt());
		};
		options.signal?.addEventListener('abort', onAbort, {once: true});
		// The caller's go (gate-pipe.ts), when the call waits for one: aborted when the call ends.
		const ended = new AbortController();
		let gate: GatePipe | undefined;
		let gateFailure: {error: unknown} | undefined;
		try {
			const openGate = options.gate;
			if (openGate) {
				gate = await GatePipe.open(await this.rowsFolder(), async () => {
					deadline.pause();
					try {
						return await openGate(ended.signal);
					} catch (error) {
						gateFailure = {error};
						throw error;
					} finally {
						if (!stop.begun) deadline.reset(options.timeoutMs);
					}
				});
			}
			// Records written before a timeout or a death are still read (close() drains) before the call
			// settles. Each record (a row, a mailbox's progress) also shows the call is working.
			const onRecord = options.onRecord;
			const deadlineAfter = options.deadlineAfter;
			if (onRecord) {
				stream = await RecordStream.open(
					record => {
						const next = deadlineAfter?.(record);
						if (next !== undefined) deadline.reset(next);
						else deadline.restart();
						stop.progressed();
						onRecord(record);
					},
					undefined,
					await this.rowsFolder(),
				);
			}
			const call = this.shell.invoke(buildCommandLine(script, args, nonce, stream?.path, !this.defined, gate)).then(
				record => ({kind: 'done' as const, stdout: record.stdout?.toString('utf8') ?? '', stderr: record.stderr?.toString('utf8') ?? ''}),
				() => ({kind: 'died' as const}),
			);
			const died = this.exited.then(() => ({kind: 'died' as const}));
			const outcome = await Promise.race([call, died, deadline.expired, stop.overdue, constrained]);
			if (outcome.kind === 'constrained') {
				await this.kill();
				throw languageModeError(outcome.mode);
			}
			if (outcome.kind === 'timeout') {
				await this.kill();
				const seconds = Math.round((deadline.ms / 1000) * 10) / 10;
				throw new TenantdeckError('timeout', `PowerShell call timed out after ${seconds}s without output; its process was ended.`, {
					hint: 'A cmdlet stopped answering. Retry the tenant; if it keeps happening, raise --timeout.',
				});
			}
			if (outcome.kind === 'overdue') {
				// The stop did not take (a blocking .NET call, a host without a Ctrl+C handler).
				await this.kill();
				throw stoppedError('and its process was ended because it did not stop in time');
			}
			// The caller withdrew the go (the slot was cancelled, no token): its reason, not the script's.
			if (gateFailure) throw gateFailure.error;
			if (outcome.kind === 'died') throw stop.begun ? stoppedError('and its process exited') : this.deathError('during the call');
			const envelope = parseEnvelope(outcome.stdout, nonce);
			if (!envelope) {
				if (!this.alive) throw stop.begun ? stoppedError('and its process exited') : this.deathError('during the call');
				// A stopped pipeline never reaches the line that prints the envelope.
				if (stop.begun) throw stoppedError('');
				const detail = firstLines(redact(outcome.stderr || strayOutput(outcome.stdout, nonce), options.secrets));
				throw new TenantdeckError('powershell', `PowerShell returned no result${detail ? `: ${detail}` : '.'}`);
			}
			this.defined = true;
			if (!envelope.ok) {
				const message = redact(envelope.error?.message ?? 'The script failed without a message.', options.secrets);
				throw new TenantdeckError('powershell', message, {code: envelope.error?.errorId});
			}
			return {data: envelope.data, warnings: envelope.warnings.map(warning => redact(warning, options.secrets))};
		} finally {
			ended.abort();
			options.signal?.removeEventListener('abort', onAbort);
			this.child.stdout?.off('data', activity);
			this.child.stderr?.off('data', activity);
			this.child.stderr?.off('data', onError);
			deadline.cancel();
			stop.end();
			await stream?.close();
			await gate?.close();
			this.busy = false;
		}
	}

	private rowsFolder(): Promise<string> {
		if (!this.streamFolder) {
			const made = RecordStream.makeFolder();
			this.streamFolder = made;
			made.catch(() => (this.streamFolder = undefined));
			// Its calls' files are each removed as the call ends; the folder goes with the process, and
			// kill() waits for that, so a shutdown that exits right after leaves no folder behind.
			this.streamFolderGone = this.exited.then(() => made.then(folder => rm(folder, {recursive: true, force: true}))).catch(() => undefined);
		}
		return this.streamFolder;
	}

	/**
	 * PowerShell's own stop, as Ctrl+C in its console: pwsh and the engine host stop the running
	 * pipeline and stay usable, so the connection can still be closed from this process.
	 *
	 * Measured with the engine host only (its Console.CancelKeyPress handler calls BeginStop). Real
	 * pwsh on Linux and macOS is assumed to do the same — its ConsoleHost stops the pipeline on
	 * Ctrl+C and returns to its prompt, which under `-Command -` is the next line read from stdin —
	 * but no pwsh was available to measure it. If it instead exits or does not stop within
	 * stopGraceMs, the call fails as stopped and the supervisor closes the connection from outside:
	 * slower, same outcome. On Windows Node cannot deliver SIGINT (process.kill ends the process at
	 * once), so a stop there always takes that outside path.
	 */
	private interrupt(): void {
		if (this.child.pid === undefined || !this.alive) return;
		try {
			process.kill(this.child.pid, 'SIGINT');
		} catch {
			// Gone already: the call settles as a death.
		}
	}

	async kill(graceMs = 1000): Promise<void> {
		if (this.child.pid === undefined || !this.alive) await this.exited;
		else await killTree(this.child.pid, this.exited, graceMs, ownGroups);
		await this.streamFolderGone;
	}

	private deathError(when: string): TenantdeckError {
		const info = this.exitInfo;
		if (info?.error) {
			return new TenantdeckError('powershell', `PowerShell could not be started: ${info.error.message}`, {cause: info.error});
		}
		const how = info?.signal ? `was ended by ${info.signal}` : info ? `exited with code ${info.code}` : 'exited';
		return new TenantdeckError('powershell', `The PowerShell process ${how} ${when}.`, {
			hint: 'Only this tenant failed; retry it. If it keeps happening, check memory and the Exchange module.',
		});
	}
}

const stoppedError = (how: string) =>
	new TenantdeckError('cancelled', `The PowerShell call was stopped${how ? ` ${how}` : ''}.`);
