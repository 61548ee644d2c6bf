// The vendor script's code cache (source/adapters/vendor-script.ts) with the real V8: a start with
// no cache writes one, the next compiles from it, and a cache that is corrupt, cut short, made for
// other code or unwritable never changes what the script does — it is only not used, then replaced.

import test from 'ava';
import {mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {runWithCodeCache} from '../../source/adapters/vendor-script.js';

// Like the real one: CommonJS that requires a builtin and runs a function while loading.
const script = (label: string) => `
const {basename} = require('node:path');
function shout(text) { return text.toUpperCase() + '!'; }
exports.label = ${JSON.stringify(label)};
exports.greeting = shout('hello from ' + basename('/x/vendor.js'));
`;

async function folderWith(t: import('ava').ExecutionContext, label = 'first') {
	const folder = await mkdtemp(join(tmpdir(), 'tenantdeck-code-cache-'));
	t.teardown(() => rm(folder, {recursive: true, force: true}));
	const file = join(folder, 'vendor-ABC.js');
	await writeFile(file, script(label));
	return {folder, file, cache: join(folder, 'cache')};
}

/** The save timer is unref'd (it never holds a console open): keep this process up while it runs. */
async function saved(run: {saved?: Promise<boolean>}): Promise<boolean | undefined> {
	const hold = setInterval(() => undefined, 1000);
	try {
		return await run.saved;
	} finally {
		clearInterval(hold);
	}
}

async function cacheFile(folder: string): Promise<string> {
	const names = (await readdir(folder)).filter(name => name.endsWith('.v8cache'));
	if (names.length !== 1) throw new Error(`expected one cache file, found ${names.join(', ') || 'none'}`);
	return join(folder, names[0]!);
}

test('a start without a cache writes one, and the next start compiles from it', async t => {
	const {file, cache} = await folderWith(t);
	const first = runWithCodeCache(file, cache, {saveAfterMs: 0});
	t.is(first.cache, 'missing');
	t.deepEqual({...first.exports}, {label: 'first', greeting: 'HELLO FROM VENDOR.JS!'});
	t.true(await saved(first));
	t.regex(await cacheFile(cache), /vendor-ABC-v\d+\.\d+\.\d+-\w+\.v8cache$/, 'named by script, Node version and architecture');

	const second = runWithCodeCache(file, cache, {saveAfterMs: 0});
	t.is(second.cache, 'used');
	t.is(second.saved, undefined, 'a cache that served is not written again');
	t.deepEqual({...second.exports}, {...first.exports});
});

test('a corrupt or cut-short cache is not handed to V8; the script runs the same and the cache is replaced', async t => {
	const {file, cache} = await folderWith(t);
	await saved(runWithCodeCache(file, cache, {saveAfterMs: 0}));
	const path = await cacheFile(cache);
	const good = await readFile(path);

	const flipped = Buffer.from(good);
	flipped[flipped.length - 40] ^= 0xff;
	for (const [what, bytes] of [['one byte flipped', flipped], ['cut short', good.subarray(0, good.length - 100)], ['garbage', Buffer.from('not a cache at all')], ['empty', Buffer.alloc(0)]] as const) {
		await writeFile(path, bytes);
		const run = runWithCodeCache(file, cache, {saveAfterMs: 0});
		t.is(run.cache, 'invalid', what);
		t.is(run.exports['greeting'], 'HELLO FROM VENDOR.JS!', what);
		t.true(await saved(run), what);
		t.is(runWithCodeCache(file, cache).cache, 'used', `${what}: replaced by a good one`);
	}
});

test('a whole cache made for other code is refused by V8 and replaced; other builds\' caches are removed', async t => {
	const {file, cache} = await folderWith(t);
	await saved(runWithCodeCache(file, cache, {saveAfterMs: 0}));
	const path = await cacheFile(cache);
	await writeFile(join(cache, 'vendor-OLDBUILD-v20.0.0-x64.v8cache'), 'an older build');
	// The same file name with other contents: what a cache looks like to a script changed in place.
	await writeFile(file, `${script('second')}\nexports.extra = 1;`);
	const run = runWithCodeCache(file, cache, {saveAfterMs: 0});
	t.is(run.cache, 'rejected');
	t.deepEqual({...run.exports}, {label: 'second', greeting: 'HELLO FROM VENDOR.JS!', extra: 1});
	t.true(await saved(run));
	t.is(await cacheFile(cache), path, 'only this build\'s cache is left');
	t.is(runWithCodeCache(file, cache).cache, 'used');
});

test('a cache folder that cannot be written costs nothing but the cache', async t => {
	const {folder, file} = await folderWith(t);
	const blocked = join(folder, 'a-file');
	await writeFile(blocked, 'a file where the cache folder should be');
	const run = runWithCodeCache(file, join(blocked, 'cache'), {saveAfterMs: 0});
	t.is(run.cache, 'missing');
	t.is(run.exports['label'], 'first');
	t.false(await saved(run));
	t.deepEqual((await readdir(folder)).sort(), ['a-file', 'vendor-ABC.js']);
	t.is(runWithCodeCache(file, undefined).cache, 'off', 'no folder: no cache');
});
