// The PowerShellPort the supervisor uses: finds PowerShell once, then starts processes with a quiet,
// profile-free environment. In sandbox mode the stand-in Exchange module comes first in PSModulePath
// and learns the sandbox URL from the environment, so the PowerShell text itself never differs.

import {basename, delimiter} from 'node:path';
import type {PowerShellPort, PowerShellSession} from '../../core/supervisor-ports.js';
import {engineHostName, findPowerShell, sandboxModuleRoot, type PowerShellLocation} from './find-powershell.js';

export const sandboxExchangeUrlVariable = 'TENANTDECK_SANDBOX_EXCHANGE_URL';

export type PowerShellPortOptions = {
	/** Explicit pwsh path (profile or flag); otherwise TENANTDECK_PWSH, PATH, then the engine host. */
	readonly configuredPath?: string;
	/** Set in sandbox mode: the local cloud's base URL. */
	readonly sandboxUrl?: string;
	/** The CA of a sandbox served over --tls: .NET (pwsh, the engine host) trusts it via SSL_CERT_FILE. */
	readonly sandboxCaFile?: string;
	readonly env?: NodeJS.ProcessEnv;
	/** Tests point at a particular engine host build. */
	readonly engineHostPath?: string;
	/** Tests point at a particular module folder. */
	readonly moduleRoot?: string;
};

/**
 * No telemetry, no update check, and no diagnostics pipe: without POWERSHELL_DIAGNOSTICS_OPTOUT every
 * PowerShell opens a named pipe that another process of the same user can attach to
 * (Enter-PSHostProcess) and read a tenant's runspace through; not opening it also saves each process
 * a listening thread and about 30 ms of CPU at its start (start CPU 450-470 -> 420-430 ms).
 */
export function powershellEnvironment(options: PowerShellPortOptions): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...(options.env ?? process.env), POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off', POWERSHELL_DIAGNOSTICS_OPTOUT: '1'};
	delete env[sandboxExchangeUrlVariable];
	delete env['NODE_POWERSHELL'];
	if (options.sandboxUrl) {
		const existing = env['PSModulePath'];
		env['PSModulePath'] = [options.moduleRoot ?? sandboxModuleRoot(), ...(existing ? [existing] : [])].join(delimiter);
		env[sandboxExchangeUrlVariable] = options.sandboxUrl.replace(/\/+$/, '');
		// Replaces the system bundle for these processes only; in sandbox mode they talk to nothing else.
		if (options.sandboxCaFile) env['SSL_CERT_FILE'] = options.sandboxCaFile;
		// The sandbox goes direct, as tenantdeck's own requests to it do: a proxy cannot reach this machine's loopback.
		const bypass = [env['no_proxy'] ?? env['NO_PROXY'], new URL(options.sandboxUrl).hostname.replace(/^\[|\]$/g, '')].filter(Boolean).join(',');
		env['no_proxy'] = env['NO_PROXY'] = bypass;
	}
	return env;
}

/**
 * Runtime settings for the sandbox's engine host that .NET reads from the environment only (the
 * others are in its pwsh-host.csproj); a user's pwsh keeps its own, and a variable already set wins.
 * - No W^X double mapping of JIT'd code: PowerShell compiles script to new code all the time, and
 *   mapping each page twice cost every process about 8% of its CPU (start, import, warm-up and three
 *   tenants: 1,860 -> 1,710 ms). The host runs only on this machine, as the sandbox's stand-in.
 * - Tiered code is recompiled only after 30,000 calls (see the .csproj's note on tiering); with the
 *   minimal optimisation below, that recompile is minimally optimised too.
 * - Socket completions run on the thread that polls the sockets instead of being handed to a
 *   thread-pool worker (Linux): the stand-in module waits for each HTTP answer on its pipeline
 *   thread, so every answer crossed one more sleeping thread. Phases bench alternated, three pairs
 *   over 300 tenants at 200 + 300 ms: 55.4, 55.7, 56.6 s without, 54.7, 55.3, 56.1 s with.
 * - Whatever the JIT compiles, it compiles quickly (minimal optimisation). What it compiles here is
 *   mostly PowerShell's own: each script and member access becomes new code (about 1,700 methods by
 *   a process's first tenant, 0.4 s of JIT time), compiled optimised every time and mostly run a few
 *   times; the engine itself is precompiled (ReadyToRun) and keeps its optimised code unless a
 *   method of it reaches those 30,000 calls. Measured, alternated: a process's start, import and
 *   warm-up 1,250-1,320 -> 1,090-1,140 ms of CPU; the PowerShell processes of three test files (67
 *   of them) 118, 126 -> 83, 94 CPU-s; npm run bench "Exchange fan-out", PowerShell CPU per tenant
 *   146 -> 104 ms (30 tenants) and 84 -> 76 ms (300), ratios 0.953 -> 0.960 and 0.912 -> 0.913,
 *   peak RSS 672 -> 621 and 821 -> 692 MB.
 */
export const engineHostRuntime: Readonly<Record<string, string>> = {
	DOTNET_EnableWriteXorExecute: '0',
	DOTNET_TC_CallCountThreshold: '30000',
	DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS: '1',
	DOTNET_JITMinOpts: '1',
};

/** The sandbox's engine host, however it was found (searched for, or named as the PowerShell to use). */
const isEngineHost = (path: string) => basename(path) === engineHostName;

export type PowerShellAdapter = PowerShellPort & {
	/** Which PowerShell it found (resolved on first start). */
	location(): Promise<PowerShellLocation>;
};

export function createPowerShellPort(options: PowerShellPortOptions = {}): PowerShellAdapter {
	let found: Promise<PowerShellLocation> | undefined;
	const env = powershellEnvironment(options);
	const location = () => {
		found ??= findPowerShell({
			configuredPath: options.configuredPath,
			sandbox: options.sandboxUrl !== undefined,
			env: options.env,
			engineHostPath: options.engineHostPath,
		});
		// A failed search is retried next time: the user may install pwsh while the app runs.
		found.catch(() => {
			found = undefined;
		});
		return found;
	};
	return {
		location,
		async start(): Promise<PowerShellSession> {
			const {path} = await location();
			// No separate language-mode probe (a whole extra process start per run): in Constrained
			// Language Mode the first call's framing is refused on stderr, and the process names that
			// refusal at once (powershell-process.ts); the pool then fails every waiting tenant with it.
			// node-powershell loads on the first process, so Graph-only runs never pay for it.
			const {PowerShellProcess} = await import('./powershell-process.js');
			return new PowerShellProcess({executable: path, env: isEngineHost(path) ? {...engineHostRuntime, ...env} : env});
		},
	};
}
