// The bundle's start-up trims (scripts/build.mjs, scripts/build-patches.mjs) load less before the
// console's first frame and change nothing a caller sees: signal-exit without node:assert,
// terminal-size without node:child_process until it needs a command, node:process as the global
// object, and the createRequire banner only in the files that call require.

import test from 'ava';
import {mkdtemp, readFile, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {build, type Plugin} from 'esbuild';
import {ensureBundle} from '../helpers/bundle.js';

type Trimmed = {
	onExit(callback: unknown): () => void;
	terminalSize(): {columns: number; rows: number};
	processDefault: NodeJS.Process;
	env: NodeJS.ProcessEnv;
	cwd(): string;
};

const entry = `
import onExit from 'signal-exit';
import process, {env, cwd} from 'node:process';
export {default as terminalSize} from 'terminal-size';
export {onExit, process as processDefault, env, cwd};
`;

async function bundled(folder: string, name: string, plugins: Plugin[]): Promise<{module: Trimmed; text: string}> {
	const outfile = join(folder, `${name}.mjs`);
	await build({
		stdin: {contents: entry, resolveDir: process.cwd(), loader: 'js'},
		bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'silent', plugins,
		banner: {js: "import {createRequire as __tdCreateRequire} from 'node:module'; const require = __tdCreateRequire(import.meta.url);"},
	});
	return {module: (await import(pathToFileURL(outfile).href)) as Trimmed, text: await readFile(outfile, 'utf8')};
}

function thrown(run: () => unknown): string | undefined {
	try {
		run();
		return undefined;
	} catch (error) {
		return error instanceof Error ? error.message : String(error);
	}
}

test('signal-exit, terminal-size and node:process answer the same with and without the start-up patches, loading less', async t => {
	const folder = await mkdtemp(join(tmpdir(), 'tenantdeck-start-up-'));
	t.teardown(() => rm(folder, {recursive: true, force: true}));
	const {startupPatches} = (await import(pathToFileURL(join(process.cwd(), 'scripts/build-patches.mjs')).href)) as {startupPatches: Plugin};
	const original = await bundled(folder, 'original', []);
	const patched = await bundled(folder, 'patched', [startupPatches]);

	t.regex(original.text, /require\("assert"\)/, 'the original signal-exit loads node:assert');
	t.notRegex(patched.text, /require\("assert"\)|from "node:assert"/, 'the patched one does not');
	t.regex(original.text, /import \{ execFileSync \} from "node:child_process"/, 'the original terminal-size imports child_process at load');
	t.notRegex(patched.text, /from "node:child_process"/, 'the patched one does not');
	t.notRegex(patched.text, /from "node:process"/, 'node:process is the global object, not a builtin module read export by export');

	for (const {module} of [original, patched]) {
		t.is(module.processDefault, process);
		t.is(module.env, process.env);
		t.is(module.cwd(), process.cwd());
	}
	t.is(thrown(() => patched.module.onExit('not a function')), thrown(() => original.module.onExit('not a function')), 'the same refusal of a callback that is not a function');
	t.truthy(thrown(() => patched.module.onExit(42)));
	const remove = patched.module.onExit(() => undefined);
	t.is(typeof remove, 'function', 'a function callback is accepted and can be removed');
	remove();
	// ava's worker has no terminal: terminal-size falls back to its commands (tput, stty), the path
	// that now loads child_process on first use.
	t.deepEqual(patched.module.terminalSize(), original.module.terminalSize());
});

test('yoga started at once (no top-level await, for the vendor script) lays out the same as yoga started by its promise', async t => {
	const folder = await mkdtemp(join(tmpdir(), 'tenantdeck-yoga-'));
	t.teardown(() => rm(folder, {recursive: true, force: true}));
	const {startupPatches} = (await import(pathToFileURL(join(process.cwd(), 'scripts/build-patches.mjs')).href)) as {startupPatches: Plugin};
	const layout = async (name: string, plugins: Plugin[], format: 'esm' | 'cjs') => {
		const outfile = join(folder, `${name}.${format === 'esm' ? 'mjs' : 'cjs'}`);
		// Ink's kind of tree: a column with a fixed-width row of two growing children and a padded box.
		const contents = `import Yoga from 'yoga-layout';
export function layout() {
	const root = Yoga.Node.create(); root.setWidth(60); root.setFlexDirection(Yoga.FLEX_DIRECTION_COLUMN);
	const row = Yoga.Node.create(); row.setFlexDirection(Yoga.FLEX_DIRECTION_ROW); row.setHeight(3);
	const left = Yoga.Node.create(); left.setFlexGrow(1); const right = Yoga.Node.create(); right.setFlexGrow(2); right.setPadding(Yoga.EDGE_LEFT, 2);
	row.insertChild(left, 0); row.insertChild(right, 1); root.insertChild(row, 0);
	const box = Yoga.Node.create(); box.setMargin(Yoga.EDGE_ALL, 1); box.setHeight(5); root.insertChild(box, 1);
	root.calculateLayout(undefined, undefined, Yoga.DIRECTION_LTR);
	const result = [root, row, left, right, box].map(node => node.getComputedLayout());
	root.freeRecursive();
	return result;
}`;
		await build({stdin: {contents, resolveDir: process.cwd(), loader: 'js'}, bundle: true, platform: 'node', format, target: 'node20', outfile, logLevel: 'silent', plugins});
		return ((await import(pathToFileURL(outfile).href)) as {layout(): unknown}).layout();
	};
	const original = await layout('original', [], 'esm');
	t.deepEqual(await layout('patched', [startupPatches], 'esm'), original);
	t.deepEqual(await layout('patched-script', [startupPatches], 'cjs'), original, 'as a plain script too');
	await t.throwsAsync(layout('original-script', [], 'cjs'), undefined, 'unpatched, yoga cannot be a plain script');
});

test('in the built bundle only the files that call require() get the createRequire banner', async t => {
	await ensureBundle();
	// The vendor script is CommonJS: its loader hands it require (source/adapters/vendor-script.ts).
	const files = (await readdir('dist')).filter(name => name.endsWith('.js') && !name.startsWith('vendor-'));
	const texts = await Promise.all(files.map(async name => ({name, text: await readFile(join('dist', name), 'utf8')})));
	const withBanner = texts.filter(({text}) => text.includes('__tdCreateRequire(import.meta.url)'));
	t.true(withBanner.length >= 1, 'the esbuild runtime, whose __require serves bundled CommonJS, has it');
	t.true(withBanner.length < files.length / 4, `${withBanner.length} of ${files.length} files carry it`);
	for (const {name, text} of texts) {
		const body = text.replace(/import \{createRequire as __tdCreateRequire\} from 'node:module'; const require = __tdCreateRequire\(import\.meta\.url\);\n/, '');
		if (/\brequire\b/.test(body)) t.true(body !== text, `${name} calls require and has the banner`);
	}
});
