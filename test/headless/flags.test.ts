// The one flag layer: help for every verb from the table, --version, "did you mean" for flags,
// verbs and operations, exit 2 on usage errors (in-process through the same dispatcher cli.tsx
// calls), and through the real entry point: --version, a usage error, and the sandbox verb
// stopping cleanly on SIGINT (core/teardown owns signals).

import test from 'ava';
import {bundledCli, runBuiltCli} from '../helpers/bundle.js';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {readFile} from 'node:fs/promises';
import {PassThrough} from 'node:stream';
import {runCommandLine} from '../../source/headless/main.js';
import {verbNames, verbs} from '../../source/headless/verbs.js';
import {capturedStreams, tempEnv} from '../helpers/headless.js';

type Result = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

/** The command line in-process: what cli.tsx does before it would open the console. */
async function inProcess(argv: string[]): Promise<Result> {
	const {stdout, stderr, written} = capturedStreams();
	const result = await runCommandLine(argv, {stdout, stderr, env: await tempEnv(), interrupted: new AbortController().signal});
	return {code: 'exitCode' in result ? result.exitCode : null, signal: null, ...written()};
}

/** The real entry point, as a user runs it. */
async function cli(argv: string[], env?: NodeJS.ProcessEnv): Promise<Result> {
	return runBuiltCli(argv, env ?? (await tempEnv()));
}

test('every verb answers --help with usage and every flag from the table', async t => {
	for (const verb of verbNames) {
		const result = await inProcess([verb, '--help']);
		t.is(result.code, 0, verb);
		t.true(result.stdout.startsWith(`Usage: tenantdeck ${verb}`), verb);
		for (const flag of Object.keys(verbs[verb].flags)) t.regex(result.stdout, new RegExp(`--${flag}\\b`), `${verb} --${flag}`);
		t.is(result.stderr, '');
	}
});

test('the sandbox help lists its knob flags', async t => {
	const result = await inProcess(['sandbox', '-h']);
	t.is(result.code, 0);
	for (const flag of ['--port <P>', '--latency-ms <value>', '--forbidden-tenants <a,b>']) t.true(result.stdout.includes(flag), flag);
});

test('the top help names every verb, and "help <verb>" is the verb\'s help', async t => {
	const top = await inProcess(['--help']);
	t.is(top.code, 0);
	for (const verb of verbNames) t.regex(top.stdout, new RegExp(`^  tenantdeck ${verb} `, 'm'));
	const viaHelp = await inProcess(['help', 'run']);
	const direct = await inProcess(['run', '--help']);
	t.is(viaHelp.stdout, direct.stdout);
});

test('--version prints the package version', async t => {
	const {version} = JSON.parse(await readFile('package.json', 'utf8')) as {version: string};
	for (const [flag, run] of [['--version', cli], ['-v', inProcess]] as const) {
		const result = await run([flag]);
		t.is(result.code, 0);
		t.is(result.stdout, `tenantdeck ${version}\n`);
	}
});

test('usage mistakes: one line, a suggestion when one is close, exit 2', async t => {
	const cases: Array<[string[], string]> = [
		[['rnu'], 'tenantdeck: unknown command "rnu". Did you mean run? See "tenantdeck --help".'],
		[['run', '--tenant', 'all'], 'tenantdeck: run: unknown flag --tenant. Did you mean --tenants? See "tenantdeck run --help".'],
		[['run', '--dryrun'], 'tenantdeck: run: unknown flag --dryrun. Did you mean --dry-run? See "tenantdeck run --help".'],
		[['run', '--op'], 'tenantdeck: run: --op needs a value (<id>). See "tenantdeck run --help".'],
		[['run', '--quiet=yes'], 'tenantdeck: run: --quiet takes no value. See "tenantdeck run --help".'],
		[['run', '--timeout', '-5'], 'tenantdeck: run: --timeout needs a value (<seconds>). "-5" is not one: give a number of 1 or more. See "tenantdeck run --help".'],
		[['run', '--output', '-1.csv'], 'tenantdeck: run: --output needs a value (<file>). See "tenantdeck run --help".'],
		[['tenants', 'extra'], 'tenantdeck: tenants: unexpected argument "extra". See "tenantdeck tenants --help".'],
		[['ops', 'a', 'b'], 'tenantdeck: ops: takes at most 1 argument; "b" is one too many. See "tenantdeck ops --help".'],
		[['--sandbx'], 'tenantdeck: unknown flag --sandbx. Did you mean --sandbox? See "tenantdeck --help".'],
		[['sandbox', '--latency', '5'], 'tenantdeck: sandbox: unknown flag --latency. Did you mean --latency-ms? See "tenantdeck sandbox --help".'],
		[['ops', 'user-list'], 'tenantdeck: Unknown operation "user-list". Did you mean users-list? Run "tenantdeck ops" for the list.'],
	];
	for (const [argv, expected] of cases) {
		const result = await inProcess(argv);
		t.is(result.code, 2, argv.join(' '));
		t.is(result.stderr, `${expected}\n`, argv.join(' '));
		t.is(result.stdout, '', argv.join(' '));
	}
});

test('a bad --timeout gets the same one line from the console as from run: the flag layer checks both', async t => {
	for (const value of ['0', 'abc', '86401', '1.5']) {
		const problem = `--timeout must be a whole number from 1 to 86400, not "${value}".`;
		const onConsole = await inProcess(['--sandbox', '--timeout', value]);
		const onRun = await inProcess(['run', '--op', 'users-list', '--tenants', 'all', '--timeout', value]);
		t.deepEqual([onConsole.code, onConsole.stderr, onConsole.stdout], [2, `tenantdeck: ${problem} See "tenantdeck --help".\n`, ''], value);
		t.deepEqual([onRun.code, onRun.stderr, onRun.stdout], [2, `tenantdeck: run: ${problem} See "tenantdeck run --help".\n`, ''], value);
	}
	const tls = await inProcess(['--tls']);
	t.is(tls.code, 2);
	t.regex(tls.stderr, /^tenantdeck: --tls goes with --sandbox\. [^\n]* See "tenantdeck --help"\.\n$/);
	t.deepEqual(await runCommandLine(['--sandbox', '--tls', '--timeout', '30'], {stdout: new PassThrough(), stderr: new PassThrough(), env: {}, interrupted: new AbortController().signal}), {console: {sandbox: true, tls: true, timeout: '30'}});
});

test('the real entry point exits 2 with the same one line', async t => {
	const result = await cli(['run', '--tenant', 'all']);
	t.is(result.code, 2);
	t.is(result.stderr, 'tenantdeck: run: unknown flag --tenant. Did you mean --tenants? See "tenantdeck run --help".\n');
});

test('without flags for a verb the console is asked for, with its flags', async t => {
	t.deepEqual(await runCommandLine(['--sandbox'], {stdout: new PassThrough(), stderr: new PassThrough(), env: {}, interrupted: new AbortController().signal}), {console: {sandbox: true}});
});

test('tenantdeck sandbox stops cleanly on SIGINT: the one signal owner waits for it', async t => {
	const child = spawn(process.execPath, [...(await bundledCli()), 'sandbox', '--port', '0', '--tenants', '2'], {env: await tempEnv(), stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	const ready = new Promise<void>(resolve => child.stdout.on('data', chunk => {
		stdout += chunk;
		if (stdout.includes('Ctrl+C stops it.')) resolve();
	}));
	await ready;
	const url = /running at (\S+)/.exec(stdout)![1]!;
	child.kill('SIGINT');
	const [code] = await once(child, 'close') as [number | null];
	t.is(code, 130);
	t.true(stdout.trimEnd().endsWith('tenantdeck sandbox stopped.'), stdout);
	await t.throwsAsync(fetch(`${url}/_sandbox/world`));
});
