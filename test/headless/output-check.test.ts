// `--output` is checked before anything runs: a missing folder, a folder given as the file, a
// folder without write permission, a file that cannot be overwritten — each exits 2 with one line
// naming the path, before sign-in (the practice cloud named is not there: reaching sign-in would
// fail on the network, with another exit code) and before any tenant starts.

import test from 'ava';
import {chmod, mkdir, mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createServer, type AddressInfo} from 'node:net';
import {headless, tempEnv} from '../helpers/headless.js';

const root = await mkdtemp(join(tmpdir(), 'tenantdeck-output-'));
const locked = join(root, 'locked');
await mkdir(locked);
await chmod(locked, 0o500);
const readOnlyFile = join(root, 'readonly.csv');
await writeFile(readOnlyFile, 'old');
await chmod(readOnlyFile, 0o400);
await writeFile(join(root, 'plain-file'), '');
// root ignores permissions, so the permission cases are only meaningful for other users.
const asRoot = process.getuid?.() === 0;
// A practice cloud that is not there (a port free a moment ago): reaching sign-in fails on the
// network, with its own exit code.
const probe = createServer();
await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
const unreachable = ['--sandbox-url', `http://127.0.0.1:${(probe.address() as AddressInfo).port}`];
await new Promise(resolve => probe.close(resolve));

const cases: ReadonlyArray<readonly [string, string, RegExp, boolean?]> = [
	['a missing folder', '/missing/dir/x.csv', /the folder \/missing\/dir does not exist; create it first/],
	['an existing folder', root, /is a folder; name a file inside it/],
	['a path under a file', join(root, 'plain-file', 'x.csv'), /does not exist|is a file, not a folder/],
	['a folder without write permission', join(locked, 'x.csv'), /you cannot write in .*locked \(no write permission\)/, asRoot],
	['a file that cannot be overwritten', readOnlyFile, /exists and cannot be overwritten/, asRoot],
	['an empty name', '', /--output needs a file name/],
];

for (const [name, output, message, skip] of cases) {
	(skip ? test.skip : test)(`--output to ${name} exits 2 with one line before sign-in`, async t => {
		const result = await headless(['run', '--op', 'users-list', '--tenants', 'all', '--format', 'csv', '--output', output, ...unreachable], await tempEnv());
		t.is(result.code, 2, result.stderr);
		t.regex(result.stderr, message);
		t.is(result.stderr.trim().split('\n').length, 1, result.stderr);
		t.notRegex(result.stderr, /sign|uncaught/i);
		t.is(result.stdout, '');
	});
}

test('a writable --output passes the check and the run goes on to sign-in', async t => {
	const result = await headless(['run', '--op', 'users-list', '--tenants', 'all', '--output', join(root, 'new.csv'), ...unreachable], await tempEnv());
	t.not(result.code, 2, result.stderr);
	t.regex(result.stderr, /network connection/i, 'it got as far as the cloud');
});
