// Output that cannot be written, through the shipped CLI in a child process, as a script meets it:
// a reader that goes away early (`tenantdeck ops | head -1`) is no error, and output sent to a full
// disk (`> /dev/full`, an --output on a full tmpfs) is one line naming where and why, exit 5, never
// a stack trace and exit 1 (the code for a bug). A report cut short is not left behind as if whole.
import test from 'ava';
import {spawn, type StdioOptions} from 'node:child_process';
import {closeSync, existsSync, openSync} from 'node:fs';
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {exitCodes} from '../../source/core/exit-codes.js';
import {bundledCli} from '../helpers/bundle.js';
import {mountTmpfs, testWithTmpfs} from '../helpers/tmpfs.js';

const root = join(import.meta.dirname, '..', '..');

type Ended = {code: number | null; stderr: string};

/** The CLI with stdout `closed` (the reader gone before anything is written) or an open file descriptor. */
async function cli(argv: string[], stdout: 'closed' | number, extraEnv: NodeJS.ProcessEnv = {}): Promise<Ended> {
	const home = await mkdtemp(join(tmpdir(), 'td-output-'));
	const env = {PATH: process.env['PATH'], HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache'), ...extraEnv};
	const command = await bundledCli(root);
	const stdio: StdioOptions = ['ignore', stdout === 'closed' ? 'pipe' : stdout, 'pipe'];
	return new Promise(resolve => {
		const child = spawn(process.execPath, [...command, ...argv], {env, cwd: root, stdio});
		if (stdout === 'closed') child.stdout!.destroy();
		let stderr = '';
		child.stderr!.on('data', chunk => (stderr += chunk));
		child.on('close', code => resolve({code, stderr}));
	});
}

async function toDevFull(argv: string[]): Promise<Ended> {
	const full = openSync('/dev/full', 'w');
	try {
		return await cli(argv, full);
	} finally {
		closeSync(full);
	}
}

const noCrash = (t: {false: (value: boolean, message?: string) => void}, ended: Ended) => t.false(/uncaught|unhandled|\n\s+at /.test(ended.stderr), ended.stderr);

test('a reader that goes away before the output is no error: ops, tenants and run exit as they would have', async t => {
	for (const argv of [['ops'], ['tenants', '--sandbox', '--format', 'csv'], ['run', '--sandbox', '--op', 'tenant-info', '--tenants', 'all', '--format', 'csv', '--quiet']]) {
		const ended = await cli(argv, 'closed');
		t.is(ended.code, exitCodes.ok, `${argv.join(' ')}: ${ended.stderr}`);
		noCrash(t, ended);
	}
});

const devFull = existsSync('/dev/full') ? test : test.skip;

devFull('output sent to a full disk is one line and exit 5, from a plain listing and from a run alike', async t => {
	for (const argv of [['ops'], ['tenants', '--sandbox', '--format', 'csv'], ['run', '--sandbox', '--op', 'tenant-info', '--tenants', 'all', '--format', 'csv', '--quiet']]) {
		const ended = await toDevFull(argv);
		t.is(ended.code, exitCodes.storage, `${argv.join(' ')}: ${ended.stderr}`);
		const lines = ended.stderr.split('\n').filter(line => line.startsWith('tenantdeck: Cannot write the output'));
		t.deepEqual(lines, ['tenantdeck: Cannot write the output to standard output: the disk is full (ENOSPC). Free some space where the output goes, or send it elsewhere (--output, or a pipe).'], ended.stderr);
		noCrash(t, ended);
	}
});

testWithTmpfs('an --output that fills its disk is removed, not left cut short, and the line says where the rows are', async t => {
	const folder = await mountTmpfs(t, '8k');
	const output = join(folder, 'users.csv');
	const ended = await cli(['run', '--sandbox', '--op', 'users-list', '--tenants', 'all', '--format', 'csv', '--quiet', '--output', output], 'closed');
	t.is(ended.code, exitCodes.storage, ended.stderr);
	t.regex(ended.stderr, new RegExp(`^tenantdeck: Cannot write the output to ${output.replace(/[.]/g, '\\.')} \\(nothing was kept there; the rows are in the run folder\\): the disk is full \\(ENOSPC\\)\\.`, 'm'));
	t.false(existsSync(output), 'a cut-short report was left behind');
	noCrash(t, ended);
});

(existsSync('/proc/self') ? test : test.skip)('an --output the early check cannot judge (/proc, as root) fails in one line with exit 5, not an uncaught error', async t => {
	const output = '/proc/tenantdeck-output.csv';
	const ended = await cli(['run', '--sandbox', '--op', 'tenant-info', '--tenants', 'all', '--quiet', '--output', output], 'closed');
	// Not root: the check before sign-in already refuses it (exit 2); as root only the write can tell.
	if (ended.code === exitCodes.usage) return t.pass('refused before sign-in');
	t.is(ended.code, exitCodes.storage, ended.stderr);
	t.regex(ended.stderr, /^tenantdeck: Cannot write the output to \/proc\/tenantdeck-output\.csv .*: no file can be made at that path \(ENOENT\)\. Send the output to a file you can write/m);
	noCrash(t, ended);
});

test('a run whose reader goes away still ends with its own exit code: 3 when a tenant failed', async t => {
	const ended = await cli(['run', '--sandbox', '--op', 'tenant-info', '--tenants', 'all', '--format', 'csv'], 'closed', {TENANTDECK_SANDBOX_FORBIDDEN_TENANTS: 'cliftondental.com'});
	t.is(ended.code, exitCodes.someTenantsFailed, ended.stderr);
	t.regex(ended.stderr, /23 succeeded, 1 failed/);
	noCrash(t, ended);
});
