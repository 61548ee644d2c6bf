// Constrained Language Mode (WDAC/AppLocker workstations) refuses [ScriptBlock]::Create and the
// [Console] calls node-powershell frames every call with, so calls would hang until their timeout.
// One short probe per run asks the mode first, and a refusal is named before any Exchange work.

import {spawn} from 'node:child_process';
import {TenantdeckError} from '../../core/errors.js';

/** The mode `$ExecutionContext.SessionState.LanguageMode` reports (reading it is allowed in every mode). */
export async function probeLanguageMode(executable: string, env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<string> {
	const child = spawn(executable, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', '-'], {env, stdio: ['pipe', 'pipe', 'ignore']});
	let output = '';
	child.stdout.setEncoding('utf8').on('data', chunk => (output += chunk));
	const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
	const exited = new Promise<void>(resolve => {
		child.once('close', () => resolve());
		child.once('error', () => resolve());
	});
	child.stdin.on('error', () => {});
	child.stdin.end("'TDMODE:' + $ExecutionContext.SessionState.LanguageMode\nexit\n");
	await exited;
	clearTimeout(timer);
	return /TDMODE:(\w+)/.exec(output)?.[1] ?? 'unknown';
}

export function languageModeError(mode: string): TenantdeckError {
	return new TenantdeckError('powershell', `PowerShell on this machine runs in ${mode} mode (Constrained Language Mode, set by WDAC or AppLocker), which refuses the scripts tenantdeck sends to Exchange Online.`, {
		hint: 'Run tenantdeck where PowerShell runs in FullLanguage mode (check with $ExecutionContext.SessionState.LanguageMode), or ask your security team to allow pwsh for this account.',
	});
}
