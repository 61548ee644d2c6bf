// Dispatches the headless verbs and turns any error into one clear line and an exit code.

import {describeError, asTenantdeckError} from '../core/errors.js';
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
		if (typed.kind === 'cancelled') return exitCodes.interrupted;
		return exitCodes.unexpected;
	}
}
