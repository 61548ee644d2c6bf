// Ink, React and yoga — most of the code the console's first frame runs — go into one plain script
// (dist/vendor-<hash>.js) instead of ES module chunks: Node 20 keeps no compiled code for ES
// modules between runs, but a plain script can be given V8's code cache (source/adapters/code-cache.ts),
// so the second start skips parsing and compiling them. The main bundle reaches them through
// small modules that re-export the script's exports, so the app and Ink share one React.
import {build} from 'esbuild';
import {createHash} from 'node:crypto';
import {writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {join, resolve} from 'node:path';
import {runInThisContext} from 'node:vm';
import {startupPatches} from './build-patches.mjs';

/** The packages the app imports that must be one instance with Ink's own: React's hooks need it. */
const shared = {ink: 'ink', react: 'react', 'react/jsx-runtime': 'jsxRuntime'};

/** Wraps CommonJS text as the function the loader compiles (one line: stack lines stay true). */
export const wrap = source => `(function (exports, require, module) {${source}\n})`;

/** Builds the vendor script into `outdir`; returns its file name and each package's export names. */
export async function buildVendor(outdir) {
	const entry = Object.entries(shared).map(([specifier, name]) => `export * as ${name} from ${JSON.stringify(specifier)};`).join('\n');
	const result = await build({
		stdin: {contents: entry, resolveDir: process.cwd(), loader: 'js'},
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		minify: true,
		write: false,
		logLevel: 'warning',
		define: {'process.env.NODE_ENV': '"production"'},
		alias: {'react-devtools-core': resolve(outdir, 'react-devtools-stub.js')},
		plugins: [startupPatches],
	});
	const source = result.outputFiles[0].text;
	if (/\bimport\(/.test(source)) throw new Error('the vendor script has a dynamic import(): the code cache loader cannot serve it');
	const hash = createHash('sha256').update(source).digest('hex').slice(0, 16).toUpperCase();
	const file = `vendor-${hash}.js`;
	await writeFile(join(outdir, file), source);
	// What the script exports is what the re-exporting modules must name: read it from the script.
	const module = {exports: {}};
	runInThisContext(wrap(source))(module.exports, createRequire(join(resolve(outdir), file)), module);
	const names = Object.fromEntries(Object.entries(shared).map(([specifier, name]) => [specifier, {name, keys: Object.keys(module.exports[name]).filter(key => key !== '__esModule')}]));
	return {file, names};
}

/** esbuild plugin for the main bundle: `ink`, `react` and `react/jsx-runtime` come from the vendor script. */
export function vendorShims(vendor) {
	const loader = resolve('source/adapters/vendor-script.ts');
	return {
		name: 'vendor-shims',
		setup(build) {
			build.onResolve({filter: /^(?:ink|react|react\/jsx-runtime)$/}, args => ({path: args.path, namespace: 'tenantdeck-vendor'}));
			build.onLoad({filter: /.*/, namespace: 'tenantdeck-vendor'}, args => {
				const {name, keys} = vendor.names[args.path];
				const named = keys.filter(key => key !== 'default');
				const lines = [`import {vendorScript} from ${JSON.stringify(loader)};`, `const loaded = vendorScript(new URL(${JSON.stringify(`./${vendor.file}`)}, import.meta.url)).${name};`];
				if (keys.includes('default')) lines.push('export default loaded.default;');
				if (named.length > 0) lines.push(`export const {${named.join(', ')}} = loaded;`);
				return {contents: lines.join('\n'), loader: 'js', resolveDir: process.cwd()};
			});
		},
	};
}
