// The one flag layer, through the real entry point (cli.tsx under tsx): help for every verb from
// the table, --version, "did you mean" for flags, verbs and operations, exit 2 on usage errors,
// and the sandbox verb stopping cleanly on SIGINT (core/teardown owns signals).

import test from 'ava';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {readFile} from 'node:fs/promises';
import {verbNames, verbs} from '../../source/headless/verbs.js';
import {tempEnv} from '../helpers/headless.js';

type Result = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

async function cli(argv: string[], env?: NodeJS.ProcessEnv): Promise<Result> {
	const child = spawn(process.execPath, ['--import=tsx', 'cli.tsx', ...argv], {env: env ?? await tempEnv(), stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => (stdout += chunk));
	child.stderr.on('data', chunk => (stderr += chunk));
	const [code, signal] = await once(child, 'close') as [number | null, NodeJS.Signals | null];
	return {code, signal, stdout, stderr};
}

test('every verb answers --help with usage and every flag from the table', async t => {
	for (const verb of verbNames) {
		const result = await cli([verb, '--help']);
		t.is(result.code, 0, verb);
		t.true(result.stdout.startsWith(`Usage: tenantdeck ${verb}`), verb);
		for (const flag of Object.keys(verbs[verb].flags)) t.regex(result.stdout, new RegExp(`--${flag}\\b`), `${verb} --${flag}`);
		t.is(result.stderr, '');
	}
});

test('the sandbox help lists its knob flags', async t => {
	const result = await cli(['sandbox', '-h']);
	t.is(result.code, 0);
	for (const flag of ['--port <P>', '--latency-ms <value>', '--forbidden-tenants <a,b>']) t.true(result.stdout.includes(flag), flag);
});

test('the top help names every verb, and "help <verb>" is the verb\'s help', async t => {
	const top = await cli(['--help']);
	t.is(top.code, 0);
	for (const verb of verbNames) t.regex(top.stdout, new RegExp(`^  tenantdeck ${verb} `, 'm'));
	const viaHelp = await cli(['help', 'run']);
	const direct = await cli(['run', '--help']);
	t.is(viaHelp.stdout, direct.stdout);
});

test('--version prints the package version', async t => {
	const {version} = JSON.parse(await readFile('package.json', 'utf8')) as {version: string};
	for (const flag of ['--version', '-v']) {
		const result = await cli([flag]);
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
		[['tenants', 'extra'], 'tenantdeck: tenants: unexpected argument "extra". See "tenantdeck tenants --help".'],
		[['ops', 'a', 'b'], 'tenantdeck: ops: takes at most 1 argument; "b" is one too many. See "tenantdeck ops --help".'],
		[['--sandbx'], 'tenantdeck: unknown flag --sandbx. Did you mean --sandbox? See "tenantdeck --help".'],
		[['sandbox', '--latency', '5'], 'tenantdeck: sandbox: unknown flag --latency. Did you mean --latency-ms? See "tenantdeck sandbox --help".'],
		[['ops', 'user-list'], 'tenantdeck: Unknown operation "user-list". Did you mean users-list? Run "tenantdeck ops" for the list.'],
	];
	for (const [argv, expected] of cases) {
		const result = await cli(argv);
		t.is(result.code, 2, argv.join(' '));
		t.is(result.stderr, `${expected}\n`, argv.join(' '));
		t.is(result.stdout, '', argv.join(' '));
	}
});

test('tenantdeck sandbox stops cleanly on SIGINT: the one signal owner waits for it', async t => {
	const child = spawn(process.execPath, ['--import=tsx', 'cli.tsx', 'sandbox', '--port', '0', '--tenants', '2'], {env: await tempEnv(), stdio: ['ignore', 'pipe', 'pipe']});
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
