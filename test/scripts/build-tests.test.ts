// `npm test` runs the suite compiled (scripts/build-tests.mjs): a checkout's TypeScript becomes plain
// JavaScript in a mirror where everything else links to the real files, so a compiled test finds its
// sources, its JSON, the examples and the .ts files it starts children with where they always were.

import test from 'ava';
import {spawnSync} from 'node:child_process';
import {lstat, mkdir, mkdtemp, readFile, realpath, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
// @ts-expect-error: a plain JavaScript script of the runner's, without types
import {buildTests, compiledTestPath, sourceTestPath} from '../../scripts/build-tests.mjs';

async function checkout(t: {teardown(fn: () => Promise<void>): void}, files: Record<string, string>): Promise<string> {
	const root = await mkdtemp(join(tmpdir(), 'tenantdeck-build-tests-'));
	t.teardown(() => rm(root, {recursive: true, force: true}));
	for (const [path, text] of Object.entries(files)) {
		await mkdir(join(root, path, '..'), {recursive: true});
		await writeFile(join(root, path), text);
	}
	return root;
}

test('a compiled test runs under plain node and reaches its sources, JSON and files beside the checkout', async t => {
	const root = await checkout(t, {
		'package.json': '{"type": "module"}',
		'source/answer.ts': 'import data from \'./data.json\' with {type: \'json\'};\nexport const answer = (suffix: string): string => `${data.word}${suffix}`;\n',
		'source/data.json': '{"word": "forty-two"}',
		'source/view.tsx': 'export const View = (): unknown => <b>x</b>;\n',
		'examples/note.txt': 'beside the checkout',
		'test/x.test.ts': [
			'import {readFileSync} from \'node:fs\';',
			'import {join} from \'node:path\';',
			'import {answer} from \'../source/answer.js\';',
			'console.log(answer(\'!\'), readFileSync(join(import.meta.dirname, \'../examples/note.txt\'), \'utf8\'));',
		].join('\n'),
	});
	await mkdir(join(root, 'node_modules'));
	const folder = await buildTests(root);
	const run = spawnSync(process.execPath, [join(folder, 'test/x.test.js')], {encoding: 'utf8'});
	t.is(run.stderr, '');
	t.is(run.stdout.trim(), 'forty-two! beside the checkout');
	// The sources stay reachable by their own names (a test starts some with `node --import=tsx`).
	t.true((await lstat(join(folder, 'source/answer.ts'))).isSymbolicLink());
	t.is(await realpath(join(folder, 'source/answer.ts')), await realpath(join(root, 'source/answer.ts')));
	t.true((await lstat(join(folder, 'node_modules'))).isSymbolicLink(), 'installed packages are linked whole');
	t.regex(await readFile(join(folder, 'source/view.js'), 'utf8'), /react\/jsx-runtime/, 'a .tsx file compiles with the automatic JSX runtime');
	t.regex(await readFile(join(folder, 'source/answer.js'), 'utf8'), /sourceMappingURL=data:/, 'a failure\'s stack can name the .ts line');
});

test('a .js file beside a .ts file of the same name stops the build instead of being written through its link', async t => {
	const root = await checkout(t, {'source/x.ts': 'export const x = 1;\n', 'source/x.js': 'export const x = "hand-written";\n'});
	await t.throwsAsync(buildTests(root), {message: /source\/x\.ts has a \.js file of the same name beside it/});
	t.is(await readFile(join(root, 'source/x.js'), 'utf8'), 'export const x = "hand-written";\n');
});

test('test files named on the command line run compiled, and a compiled file is reported by its source name', async t => {
	const root = await checkout(t, {'test/a.test.ts': '', 'test/b.test.tsx': ''});
	t.is(compiledTestPath('test/a.test.ts'), join('.test-build', 'test/a.test.js'));
	t.is(compiledTestPath('test/b.test.tsx'), join('.test-build', 'test/b.test.js'));
	t.is(compiledTestPath('--match'), '--match');
	t.is(sourceTestPath(root, '.test-build/test/b.test.js'), 'test/b.test.tsx');
	t.is(sourceTestPath(root, 'test/suites/crashing/load.fixture.mjs'), 'test/suites/crashing/load.fixture.mjs');
});
