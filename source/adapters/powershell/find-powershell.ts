// Which PowerShell runs Exchange work: a configured path, then pwsh on PATH, then (sandbox only) the
// engine host built from source/sandbox/pwsh-host. Without one, the error says how to install pwsh.

import {constants, existsSync} from 'node:fs';
import {access} from 'node:fs/promises';
import {delimiter, dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {TenantdeckError} from '../../core/errors.js';

export type PowerShellLocation = {
	readonly path: string;
	/** Where it came from; 'engine-host' is the sandbox's stand-in for pwsh. */
	readonly kind: 'configured' | 'pwsh' | 'engine-host';
};

export type FindOptions = {
	/** From the profile or --pwsh; also TENANTDECK_PWSH. */
	readonly configuredPath?: string;
	/** Allows the engine host, which only ever talks to the sandbox's stand-in module. */
	readonly sandbox: boolean;
	readonly env?: NodeJS.ProcessEnv;
	/** Overrides where the engine host is looked for (tests). */
	readonly engineHostPath?: string;
};

export const installHint = [
	'Install PowerShell 7 and the Exchange module, then run tenantdeck again:',
	'Linux: sudo snap install powershell --classic (or see aka.ms/install-powershell);',
	'macOS: brew install --cask powershell;',
	'Windows: winget install --id Microsoft.PowerShell --source winget;',
	'then in pwsh: Install-Module ExchangeOnlineManagement -Scope CurrentUser.',
	'If pwsh is installed elsewhere, set TENANTDECK_PWSH to its full path.',
].join(' ');

/** The package folder, found from this file whether it runs from source/ or from the dist bundle. */
export function packageRoot(): string {
	let folder = dirname(fileURLToPath(import.meta.url));
	for (let step = 0; step < 6; step++) {
		if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, 'source', 'sandbox'))) return folder;
		folder = dirname(folder);
	}
	return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

/** The engine host's file name, by which it is known however it was found. */
export const engineHostName = process.platform === 'win32' ? 'tenantdeck-pwsh-host.exe' : 'tenantdeck-pwsh-host';

export function engineHostPath(): string {
	return join(packageRoot(), 'source', 'sandbox', 'pwsh-host', 'bin', 'Release', 'net10.0', engineHostName);
}

/** The folder to put first in PSModulePath in sandbox mode; it holds the stand-in ExchangeOnlineManagement. */
export function sandboxModuleRoot(): string {
	return join(packageRoot(), 'source', 'sandbox', 'exchange-module');
}

async function isExecutable(path: string): Promise<boolean> {
	try {
		await access(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

async function onPath(env: NodeJS.ProcessEnv): Promise<string | undefined> {
	const names = process.platform === 'win32' ? ['pwsh.exe'] : ['pwsh'];
	for (const folder of (env['PATH'] ?? env['Path'] ?? '').split(delimiter)) {
		if (!folder) continue;
		for (const name of names) {
			const candidate = join(folder, name);
			if (await isExecutable(candidate)) return candidate;
		}
	}
	return undefined;
}

export async function findPowerShell(options: FindOptions): Promise<PowerShellLocation> {
	const env = options.env ?? process.env;
	const configured = options.configuredPath || env['TENANTDECK_PWSH'];
	if (configured) {
		if (await isExecutable(configured)) return {path: configured, kind: 'configured'};
		throw new TenantdeckError('powershell', `The configured PowerShell (${configured}) does not exist or cannot be run.`, {
			hint: 'Fix the path in your profile or TENANTDECK_PWSH, or remove it to use pwsh from PATH.',
		});
	}
	const pwsh = await onPath(env);
	if (pwsh) return {path: pwsh, kind: 'pwsh'};
	if (options.sandbox) {
		const host = options.engineHostPath ?? engineHostPath();
		if (await isExecutable(host)) return {path: host, kind: 'engine-host'};
	}
	throw new TenantdeckError('powershell', 'Exchange operations need PowerShell 7 (pwsh), and none was found.', {
		hint: options.sandbox ? `${installHint} For the sandbox alone, a .NET 10 SDK and npm run build:pwsh-host also do.` : installHint,
	});
}
