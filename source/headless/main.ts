// The command line's dispatcher: picks the verb, parses its flags through the one flag layer,
// answers --help and --version, and turns any error into one clear line and an exit code.

import {describeError, asTenantdeckError, TenantdeckError} from '../core/errors.js';
import {exitCodes} from '../core/exit-codes.js';
import {registerCleanup} from '../core/teardown.js';
import {parseVerb, topHelp, usageError, verbFor, verbHelp, type VerbArgs} from './args.js';
import type {VerbName} from './verbs.js';
import type {HeadlessIo} from './session.js';

type Verb = Exclude<VerbName, ''>;
type Command<V extends Verb> = (args: VerbArgs<V>, io: HeadlessIo) => Promise<number>;

const commands: {[V in Verb]: () => Promise<Command<V>>} = {
	run: async () => (await import('./run-command.js')).runCommand,
	tenants: async () => (await import('./tenants-command.js')).tenantsCommand,
	ops: async () => (await import('./ops-command.js')).opsCommand,
	login: async () => (await import('./login-command.js')).loginCommand,
	consent: async () => (await import('./consent-command.js')).consentCommand,
	doctor: async () => (await import('./doctor-command.js')).doctorCommand,
	logout: async () => (await import('./login-command.js')).logoutCommand,
	learn: async () => (await import('./learn-command.js')).learnCommand,
	sandbox: async () => async ({values}, io) => {
		if (values.reset) {
			// Practice sign-ins, runs and audit lines live apart from the real profile; this forgets them.
			if (Object.keys(values).some(flag => flag !== 'reset')) throw usageError('sandbox', '--reset takes no other flags.');
			const {resetSandboxFolders} = await import('../adapters/paths.js');
			for (const folder of await resetSandboxFolders(io.env)) io.stdout.write(`Removed ${folder}\n`);
			return exitCodes.ok;
		}
		const {runSandboxCommand, sandboxSettings} = await import('../sandbox/cli.js');
		let settings;
		try {
			settings = sandboxSettings(values);
		} catch (error) {
			throw usageError('sandbox', (error as Error).message);
		}
		const running = runSandboxCommand(settings, {env: io.env, signal: io.interrupted, write: line => io.stdout.write(`${line}\n`)});
		// A signal aborts io.interrupted; teardown then waits here, so the sandbox says it stopped.
		const forget = registerCleanup(() => running.catch(() => undefined));
		try {
			await running;
		} finally {
			forget();
		}
		return exitCodes.ok;
	},
};

/** What the command line asks for: a headless verb ran (exit code), or the console should open. */
export type CommandLine = {readonly exitCode: number} | {readonly console: VerbArgs<''>['values']};

export async function runCommandLine(argv: readonly string[], io: HeadlessIo): Promise<CommandLine> {
	const [first, ...rest] = argv;
	try {
		if (first === 'help') {
			io.stdout.write(rest[0] ? await verbHelp(verbFor(rest[0])) : topHelp());
			return {exitCode: exitCodes.ok};
		}
		if (first !== undefined && !first.startsWith('-')) return {exitCode: await runVerb(verbFor(first), rest, io)};
		const {values} = await parseVerb('', argv);
		if (values.help) {
			io.stdout.write(topHelp());
			return {exitCode: exitCodes.ok};
		}
		if (values.version) {
			io.stdout.write(`${await version()}\n`);
			return {exitCode: exitCodes.ok};
		}
		return {console: values};
	} catch (error) {
		return {exitCode: report(error, io)};
	}
}

async function runVerb<V extends Verb>(verb: V, argv: readonly string[], io: HeadlessIo): Promise<number> {
	try {
		const args = await parseVerb(verb, argv);
		if (args.values.help) {
			io.stdout.write(await verbHelp(verb));
			return exitCodes.ok;
		}
		const command = await commands[verb]();
		return await command(args, io);
	} catch (error) {
		return report(error, io);
	}
}

/** Headless use from tests and scripts: one verb and its arguments. */
export async function runHeadless(name: string, argv: string[], io: HeadlessIo): Promise<number> {
	const result = await runCommandLine([name, ...argv], io);
	return 'exitCode' in result ? result.exitCode : report(new TenantdeckError('invalid', 'the console is not a headless command.'), io);
}

function report(error: unknown, io: HeadlessIo): number {
	// The reader went away (`| head`): nothing left to say, and nothing went wrong here.
	if ((error as NodeJS.ErrnoException)?.code === 'EPIPE') return exitCodes.ok;
	const typed = asTenantdeckError(error);
	io.stderr.write(`tenantdeck: ${describeError(typed)}\n`);
	if (typed.kind === 'invalid') return exitCodes.usage;
	if (typed.kind === 'auth') return exitCodes.signIn;
	if (typed.kind === 'storage') return exitCodes.storage;
	// Before any tenant ran (sign-in, the tenant list): worth trying again later, not a bug.
	if (typed.kind === 'unavailable' || typed.kind === 'throttled') return exitCodes.unreachable;
	if (typed.kind === 'cancelled') return exitCodes.interrupted;
	return exitCodes.unexpected;
}

async function version(): Promise<string> {
	const {default: manifest} = await import('../../package.json', {with: {type: 'json'}});
	return `tenantdeck ${manifest.version}`;
}
