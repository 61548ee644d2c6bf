// The shipped console in a real terminal with its code cache (source/adapters/vendor-script.ts):
// the first start writes it, the next one starts from it without writing it again, and a cache
// damaged on disk changes nothing the user sees — the console starts, works and quits as always,
// and the damaged cache is replaced by a good one.

import test from 'ava';
import {mkdtemp, readFile, readdir, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ensureBundle} from '../helpers/bundle.js';
import {requiredTool} from '../helpers/required-tool.js';
import {openPane} from '../helpers/tmux-pane.js';

// Required by .ci/run (TENANTDECK_REQUIRE_TMUX=1): missing tmux then fails instead of skipping.
const tmuxTool = requiredTool('tmux', 'TENANTDECK_REQUIRE_TMUX');
const cacheTest = tmuxTool.run ? test.serial : test.skip;

async function cacheFiles(home: string): Promise<string[]> {
	const folder = join(home, 'cache', 'tenantdeck', 'code-cache');
	return (await readdir(folder).catch(() => [] as string[])).filter(name => name.endsWith('.v8cache')).map(name => join(folder, name));
}

/** Starts the console, waits for its tenant picker (the cache is saved well before), quits. */
async function startAndQuit(home: string, name: string, until?: () => Promise<boolean>): Promise<void> {
	const pane = await openPane({columns: 100, rows: 30, home, args: '--sandbox', name});
	try {
		await pane.waitFor(/tenantdeck · /, 'the first frame');
		await pane.waitFor(/selected of/, 'the tenant picker', 60_000);
		for (const deadline = Date.now() + 30_000; until && !(await until()) && Date.now() < deadline;) await new Promise(resolve => setTimeout(resolve, 100));
		await pane.keys('q');
		await pane.waitFor(/tenantdeck-exit=0/, 'a clean exit');
	} finally {
		await pane.close();
	}
}

cacheTest(tmuxTool.title('the console writes its code cache once, starts from it, and starts the same from a damaged one'), async t => {
	if (!tmuxTool.path) return t.fail(`${tmuxTool.switchName}=1 but tmux is not on PATH`);
	await ensureBundle();
	const home = await mkdtemp(join(tmpdir(), 'tenantdeck-code-cache-'));
	t.teardown(() => rm(home, {recursive: true, force: true}));

	await startAndQuit(home, 'cache-first', async () => (await cacheFiles(home)).length === 1);
	const [cache] = await cacheFiles(home);
	t.truthy(cache, 'the first start wrote a cache');
	const written = await stat(cache!);

	await startAndQuit(home, 'cache-used');
	t.is((await stat(cache!)).mtimeMs, written.mtimeMs, 'a start that used the cache leaves it as it was');

	const good = await readFile(cache!);
	const damaged = Buffer.from(good);
	for (let index = Math.floor(good.length / 2); index < good.length / 2 + 64; index++) damaged[index] ^= 0x5a;
	await writeFile(cache!, damaged);
	await startAndQuit(home, 'cache-damaged', async () => !(await readFile(cache!)).equals(damaged));
	const replaced = await readFile(cache!);
	t.false(replaced.equals(damaged), 'the damaged cache was replaced');
	t.is(replaced.length > 1000, true);
});
