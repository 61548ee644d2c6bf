// Dispatches the headless verbs and turns any error into one clear line and an exit code.

import {describeError, asTenantdeckError, TenantdeckError} from '../core/errors.js';
import {exitCodes} from '../core/exit-codes.js';
import type {HeadlessIo} from './session.js';

type Command = (argv: string[], io: HeadlessIo) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
	run: async () => (await import('./run-command.js')).runCommand,
	tenants: async () => (await import('./tenants-command.js')).tenantsCommand,
	ops: async () => (await import('./ops-command.js')).opsCommand,
	login: async () => (await import('./login-command.js')).loginCommand,
	consent: async () => (await import('./consent-command.js')).consentCommand,
	doctor: async () => (await import('./doctor-command.js')).doctorCommand,
	logout: async () => (await import('./login-command.js')).logoutCommand,
	sandbox: async () => async (argv, io) => {
		if (argv.includes('--reset')) {
			// Practice sign-ins, runs and audit lines live apart from the real profile; this forgets them.
			if (argv.length > 1) throw new TenantdeckError('invalid', 'sandbox --reset takes no other flags.');
			const {resetSandboxFolders} = await import('../adapters/paths.js');
			for (const folder of await resetSandboxFolders(io.env)) io.stdout.write(`Removed ${folder}\n`);
			return exitCodes.ok;
		}
		const {runSandboxCommand} = await import('../sandbox/cli.js');
		await runSandboxCommand(argv);
		return io.interrupted.aborted ? exitCodes.ok : exitCodes.ok;
	},
};

export const headlessCommands = Object.keys(commands);

export async function runHeadless(name: string, argv: string[], io: HeadlessIo): Promise<number> {
	try {
		const command = await commands[name]!();
		return await command(argv, io);
	} catch (error) {
		// The reader went away (`| head`): nothing left to say, and nothing went wrong here.
		if ((error as NodeJS.ErrnoException)?.code === 'EPIPE') return exitCodes.ok;
		const typed = asTenantdeckError(error);
		io.stderr.write(`tenantdeck: ${describeError(typed)}\n`);
		if (typed.kind === 'invalid') return exitCodes.usage;
		if (typed.kind === 'auth') return exitCodes.signIn;
		if (typed.kind === 'storage') return exitCodes.storage;
		if (typed.kind === 'cancelled') return exitCodes.interrupted;
		return exitCodes.unexpected;
	}
}
