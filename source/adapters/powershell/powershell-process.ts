// One PowerShell process driven by node-powershell, made safe: calls use the one-line protocol, have
// their own timeout that ends the process tree, and a death mid-call is always a failure.

import type {ChildProcess} from 'node:child_process';
import {PowerShell} from 'node-powershell';
import {TenantdeckError} from '../../core/errors.js';
import type {InvokeOptions, InvokeResult, PowerShellSession} from '../../core/supervisor-ports.js';
import {killTree} from './kill-tree.js';
import {buildCommandLine, newNonce, parseEnvelope, strayOutput} from './protocol.js';
import {RecordStream} from './record-stream.js';

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

	constructor(options: ProcessOptions) {
		this.shell = new ChosenPowerShell({
			executable: options.executable,
			executableOptions: {'-NoProfile': true, '-NonInteractive': true},
			spawnOptions: {env: options.env, windowsHide: true},
			throwOnInvocationError: false,
		});
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
		this.busy = true;
		const nonce = newNonce();
		let timer: NodeJS.Timeout | undefined;
		let stream: RecordStream | undefined;
		try {
			// Records written before a timeout or a death are still read (close() drains) before the call settles.
			if (options.onRecord) stream = await RecordStream.open(options.onRecord);
			const call = this.shell.invoke(buildCommandLine(script, args, nonce, stream?.path)).then(
				record => ({kind: 'done' as const, stdout: record.stdout?.toString('utf8') ?? '', stderr: record.stderr?.toString('utf8') ?? ''}),
				() => ({kind: 'died' as const}),
			);
			const died = this.exited.then(() => ({kind: 'died' as const}));
			const expired = new Promise<{kind: 'timeout'}>(resolve => {
				timer = setTimeout(() => resolve({kind: 'timeout'}), options.timeoutMs);
			});
			const outcome = await Promise.race([call, died, expired]);
			if (outcome.kind === 'timeout') {
				await this.kill();
				const seconds = Math.round((options.timeoutMs / 1000) * 10) / 10;
				throw new TenantdeckError('timeout', `PowerShell call timed out after ${seconds}s; its process was ended.`, {
					hint: 'A cmdlet stopped answering. Retry the tenant; if it keeps happening, raise the timeout.',
				});
			}
			if (outcome.kind === 'died') throw this.deathError('during the call');
			const envelope = parseEnvelope(outcome.stdout, nonce);
			if (!envelope) {
				if (!this.alive) throw this.deathError('during the call');
				const detail = firstLines(redact(outcome.stderr || strayOutput(outcome.stdout, nonce), options.secrets));
				throw new TenantdeckError('powershell', `PowerShell returned no result${detail ? `: ${detail}` : '.'}`);
			}
			if (!envelope.ok) {
				const message = redact(envelope.error?.message ?? 'The script failed without a message.', options.secrets);
				throw new TenantdeckError('powershell', message, {code: envelope.error?.errorId});
			}
			return {data: envelope.data, warnings: envelope.warnings.map(warning => redact(warning, options.secrets))};
		} finally {
			clearTimeout(timer);
			await stream?.close();
			this.busy = false;
		}
	}

	async kill(graceMs = 1000): Promise<void> {
		if (this.child.pid === undefined || !this.alive) return this.exited;
		await killTree(this.child.pid, this.exited, graceMs);
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
