// `tenantdeck sandbox`: runs the sandbox cloud in the foreground so other terminals (or a trainee's
// session) can point commands at it with --sandbox-url, until Ctrl+C or SIGTERM. Its flags are
// parsed by the one flag layer (headless/args.ts); this file says which knobs exist and runs it.
import {exchangeRoute} from './exchange.js';
import {DEFAULT_KNOBS, envName, kebab, KNOB_NAMES, knobsFromEnv, parseKnobText, checkKnobs, type Knobs} from './knobs.js';
import {startSandbox} from './server.js';
import {loadSandboxTls, sandboxTlsFolder, trustHints} from './tls.js';

/** A fixed default port keeps the URL (and the per-port token cache) stable between runs. */
export const DEFAULT_SANDBOX_PORT = 7357;

export type SandboxCommandIo = {
	write?: (line: string) => void;
	env?: Record<string, string | undefined>;
	/** Stops the sandbox when aborted. The CLI's one signal owner (core/teardown) aborts it. */
	signal?: AbortSignal;
	/** Called once the sandbox is listening, with its URL. */
	onReady?: (url: string) => void;
};

/** The knob flags, one per knob (--latency-ms, --rate429 …), as entries of the flag table. */
export function knobFlags(): Record<string, {type: 'string'; value: string; help: string}> {
	const flags = Object.fromEntries(KNOB_NAMES.map(name => [kebab(name), {
		type: 'string' as const,
		value: Array.isArray(DEFAULT_KNOBS[name]) ? 'a,b' : 'value',
		help: `default ${JSON.stringify(DEFAULT_KNOBS[name])}; env ${envName(name)}`,
	}]));
	// rate429 reads naturally either way.
	flags['rate-429'] = {...flags['rate429']!, help: 'same as --rate429'};
	flags['rate-503'] = {...flags['rate503']!, help: 'same as --rate503'};
	return flags;
}

const knobOfFlag = new Map<string, keyof Knobs>([...KNOB_NAMES.map(name => [kebab(name), name] as const), ['rate-429', 'rate429'], ['rate-503', 'rate503']]);

/** Parsed flag values → port and knobs; throws an Error with a one-line message on a bad value. */
export function sandboxSettings(values: Record<string, unknown>): {port: number; knobs: Partial<Knobs>; tls: boolean} {
	let port = DEFAULT_SANDBOX_PORT;
	const raw: Record<string, unknown> = {};
	for (const [flag, value] of Object.entries(values)) {
		if (typeof value !== 'string') continue;
		if (flag === 'port') {
			port = Number(value);
			if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a whole number from 0 to 65535, not "${value}".`);
			continue;
		}
		const knob = knobOfFlag.get(flag);
		if (knob) raw[knob] = parseKnobText(knob, value);
	}
	return {port, knobs: checkKnobs(raw, name => `--${kebab(name)}`), tls: values['tls'] === true};
}

export async function runSandboxCommand(settings: {port: number; knobs: Partial<Knobs>; tls?: boolean}, io: SandboxCommandIo = {}): Promise<void> {
	const write = io.write ?? ((line: string) => process.stdout.write(`${line}\n`));
	const env = io.env ?? process.env;
	const certificates = settings.tls ? await loadSandboxTls(sandboxTlsFolder(env)) : undefined;
	const sandbox = await startSandbox({...knobsFromEnv(env), ...settings.knobs, port: settings.port, tls: certificates, routes: [context => exchangeRoute(context)]});
	write(`tenantdeck sandbox running at ${sandbox.url} (${sandbox.context.world.customers.length} customers)`);
	write(`Point commands at it with --sandbox-url ${sandbox.url}, e.g. tenantdeck login --sandbox-url ${sandbox.url}. Ctrl+C stops it.`);
	if (certificates) {
		write(`Its certificate is signed by a local CA made for this machine: ${certificates.caPath}`);
		write('To make a client trust it:');
		for (const hint of trustHints(certificates.caPath)) write(`  ${hint}`);
		write(`Check it: curl --cacert ${certificates.caPath} ${sandbox.url}/organizations/v2.0/.well-known/openid-configuration`);
	}
	io.onReady?.(sandbox.url);
	// No signal handlers here: the CLI owns signals and aborts `io.signal`, then waits for this.
	await new Promise<void>(resolve => {
		if (io.signal?.aborted) resolve();
		else io.signal?.addEventListener('abort', () => resolve(), {once: true});
	});
	await sandbox.stop();
	write('tenantdeck sandbox stopped.');
}
