// `npm test` runs the suite from plain JavaScript compiled once per run, not through tsx. Loaded
// through tsx, every test process sends each module it imports (our sources, Ink, React, MSAL) through
// tsx's loader thread, compiled or from its cache: side by side on six console and headless test
// files, 33 CPU-seconds through tsx against 17-20 compiled (the suite is CPU-bound on 2 cores).
// One esbuild pass (under a second) compiles every .ts/.tsx file, file for file (no bundling, so
// each module is still its own, as tsx would load it), into a mirror of the checkout: .test-build/.
// Everything else in the mirror is a link to the real file or folder, the .ts sources included, so
// paths a test builds from its own location (../../examples, ../../dist/cli.js, a source file it
// starts with `node --import=tsx`) lead where they did. Source maps are inline: a failure's stack
// names the .ts line. `npx ava test/x.test.ts` still runs a file through tsx, without this.
import {build} from 'esbuild';
import {copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync} from 'node:fs';
import {join, relative} from 'node:path';
import {pathToFileURL} from 'node:url';

export const testBuildFolder = '.test-build';

// Not mirrored: version control and the mirror itself. Linked whole without a look inside: installed
// packages, and the build output of .NET projects.
const skipped = new Set(['.git', testBuildFolder]);
const linkedWhole = new Set(['node_modules', 'bin', 'obj']);

const isSource = name => /\.tsx?$/.test(name) && !name.endsWith('.d.ts');

/** Whether a folder holds TypeScript anywhere under it (outside .NET build output). */
function holdsSource(folder) {
	return readdirSync(folder, {withFileTypes: true}).some(entry =>
		entry.isDirectory() ? !linkedWhole.has(entry.name) && holdsSource(join(folder, entry.name)) : isSource(entry.name));
}

/** A link to the real file or folder; on Windows without the right to make file links, a folder junction or a copy. */
function link(path, target, isFolder) {
	try {
		symlinkSync(path, target, isFolder && process.platform === 'win32' ? 'junction' : undefined);
	} catch (error) {
		if (error.code !== 'EPERM' || isFolder) throw error;
		copyFileSync(path, target);
	}
}

/** Mirrors `folder` under `out`: links for everything, real folders only where TypeScript is to be compiled. Returns the sources. */
function mirror(root, folder, out, sources) {
	mkdirSync(join(out, relative(root, folder)), {recursive: true});
	const entries = readdirSync(folder, {withFileTypes: true});
	// esbuild would write a compiled x.js through the link to a real x.js beside x.ts.
	const clash = entries.find(entry => isSource(entry.name) && entries.some(other => other.name === entry.name.replace(/\.tsx?$/, '.js')));
	if (clash) throw new Error(`${join(folder, clash.name)} has a .js file of the same name beside it; the test build would overwrite it.`);
	for (const entry of entries) {
		if (folder === root && skipped.has(entry.name)) continue;
		const path = join(folder, entry.name);
		const target = join(out, relative(root, path));
		if (entry.isDirectory() && !linkedWhole.has(entry.name) && holdsSource(path)) {
			mirror(root, path, out, sources);
			continue;
		}
		link(path, target, entry.isDirectory());
		if (entry.isFile() && isSource(entry.name)) sources.push(path);
	}
	return sources;
}

/** Compiles the checkout at `root` into `root/.test-build` afresh; returns that folder. */
export async function buildTests(root) {
	const out = join(root, testBuildFolder);
	rmSync(out, {recursive: true, force: true});
	const sources = mirror(root, root, out, []);
	await build({
		entryPoints: sources,
		outdir: out,
		outbase: root,
		format: 'esm',
		platform: 'node',
		// 20.19 (engines): import attributes (`with {type: 'json'}`) are kept as written.
		target: 'node20.19',
		jsx: 'automatic',
		sourcemap: 'inline',
		logLevel: 'warning',
	});
	return out;
}

/**
 * Everything a run of the compiled suite needs before ava starts: the test build, and the shipped
 * bundle (dist/cli.js, which tests start as a user would) brought up to date once, here. The suite
 * then tests the code as it was when the run began, and a source saved during the run no longer has
 * a test rebuild dist/ (emptying it first) under another test starting the CLI. Returns the
 * environment that tells ava and the tests so.
 */
export async function prepareCompiledSuite(root) {
	await buildTests(root);
	const {ensureBundle} = await import(pathToFileURL(join(root, testBuildFolder, 'test/helpers/bundle.js')).href);
	await ensureBundle(root);
	return {TENANTDECK_TEST_BUILD: testBuildFolder, TENANTDECK_BUNDLE_BUILT: '1'};
}

/** The compiled file ava runs for a test file named on the command line (test/x.test.tsx → .test-build/test/x.test.js). */
export function compiledTestPath(file) {
	return isSource(file) && !file.startsWith(`${testBuildFolder}/`) ? join(testBuildFolder, file.replace(/\.tsx?$/, '.js')) : file;
}

/** The source a compiled test file came from, for messages (.test-build/test/x.test.js → test/x.test.tsx). */
export function sourceTestPath(root, file) {
	if (!file.startsWith(`${testBuildFolder}/`)) return file;
	const base = file.slice(testBuildFolder.length + 1).replace(/\.js$/, '');
	return [`${base}.ts`, `${base}.tsx`].find(candidate => existsSync(join(root, candidate))) ?? file;
}
