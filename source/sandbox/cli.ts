// `tenantdeck sandbox`: runs the sandbox cloud in the foreground so other terminals (or a trainee's
// session) can point commands at it with --sandbox-url, until Ctrl+C or SIGTERM.
import {exchangeRoute} from './exchange.js';
import {DEFAULT_KNOBS, envName, kebab, KNOB_NAMES, knobsFromEnv, parseKnobText, checkKnobs, type Knobs} from './knobs.js';
import {startSandbox} from './server.js';

/** A fixed default port keeps the URL (and the per-port token cache) stable between runs. */
export const DEFAULT_SANDBOX_PORT = 7357;

export type SandboxCommandIo = {
	write?: (line: string) => void;
	env?: Record<string, string | undefined>;
	/** Stops the sandbox when aborted, as SIGINT/SIGTERM do (tests use this instead of signals). */
	signal?: AbortSignal;
	/** Called once the sandbox is listening, with its URL. */
	onReady?: (url: string) => void;
};

const FLAG_TO_KNOB = new Map<string, keyof Knobs>(KNOB_NAMES.map(name => [`--${kebab(name)}`, name]));
// rate429 reads naturally either way.
FLAG_TO_KNOB.set('--rate-429', 'rate429').set('--rate-503', 'rate503');

export function sandboxUsage(): string {
	const flags = KNOB_NAMES.map(name => `  --${kebab(name)} <${Array.isArray(DEFAULT_KNOBS[name]) ? 'a,b' : 'value'}>  (default ${JSON.stringify(DEFAULT_KNOBS[name])}; env ${envName(name)})`);
	return ['Usage: tenantdeck sandbox [--port P] [knob flags]', '       tenantdeck sandbox --reset   forget every practice sign-in, run folder and audit line', `  --port <P>  (default ${DEFAULT_SANDBOX_PORT}; 0 picks a free port)`, ...flags].join('\n');
}

/** Parses `--flag value` / `--flag=value`; throws an Error with a one-line message on bad input. */
export function parseSandboxArgs(argv: readonly string[]): {port: number; knobs: Partial<Knobs>; help: boolean} {
	const raw: Record<string, unknown> = {};
	let port = DEFAULT_SANDBOX_PORT;
	let help = false;
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index];
		if (argument === '--help' || argument === '-h') {
			help = true;
			continue;
		}
		const [flag, inline] = argument.startsWith('--') && argument.includes('=') ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)] : [argument, undefined];
		const knob = FLAG_TO_KNOB.get(flag);
		if (flag !== '--port' && !knob) throw new Error(`Unknown option ${flag} for tenantdeck sandbox (see tenantdeck sandbox --help).`);
		const value = inline ?? argv[++index];
		if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new Error(`Option ${flag} needs a value.`);
		if (flag === '--port') {
			port = Number(value);
			if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535, not "${value}".`);
		} else {
			raw[knob!] = parseKnobText(knob!, value);
		}
	}
	const knobs = checkKnobs(raw, name => `--${kebab(name)}`);
	return {port, knobs, help};
}

export async function runSandboxCommand(argv: string[], io: SandboxCommandIo = {}): Promise<void> {
	const write = io.write ?? ((line: string) => process.stdout.write(`${line}\n`));
	const {port, knobs, help} = parseSandboxArgs(argv);
	if (help) {
		write(sandboxUsage());
		return;
	}
	const sandbox = await startSandbox({...knobsFromEnv(io.env ?? process.env), ...knobs, port, routes: [context => exchangeRoute(context)]});
	write(`tenantdeck sandbox running at ${sandbox.url} (${sandbox.context.world.customers.length} customers)`);
	write(`Point commands at it with --sandbox-url ${sandbox.url}, e.g. tenantdeck login --sandbox-url ${sandbox.url}. Ctrl+C stops it.`);
	io.onReady?.(sandbox.url);
	await new Promise<void>(resolve => {
		const finish = () => {
			process.off('SIGINT', finish);
			process.off('SIGTERM', finish);
			io.signal?.removeEventListener('abort', finish);
			resolve();
		};
		process.once('SIGINT', finish);
		process.once('SIGTERM', finish);
		if (io.signal?.aborted) finish();
		else io.signal?.addEventListener('abort', finish, {once: true});
	});
	await sandbox.stop();
	write('tenantdeck sandbox stopped.');
}
