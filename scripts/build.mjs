// Bundles cli.tsx into one ESM file: start-up is ~2x faster than loading node_modules piecemeal
// (platform.md). Heavy adapters stay behind dynamic import() so they load on first use.
import {build} from 'esbuild';
import {mkdir, rm, writeFile} from 'node:fs/promises';
import {dirname} from 'node:path';
import {startupPatches} from './build-patches.mjs';
import {buildVendor, vendorShims} from './build-vendor.mjs';

// TENANTDECK_BUILD_OUT and TENANTDECK_BUILD_MINIFY=0 are for bench/profile-graph.ts: the same
// bundle, readable in a CPU profile, beside dist/.
const out = process.env['TENANTDECK_BUILD_OUT'] ?? 'dist';
const minify = process.env['TENANTDECK_BUILD_MINIFY'] !== '0';
// Chunk names change with content: start clean so old chunks do not pile up.
await rm(out, {recursive: true, force: true});
await mkdir(out, {recursive: true});
await writeFile(`${out}/react-devtools-stub.js`, 'export default undefined;\n');
const vendor = await buildVendor(out);
// Bundled CommonJS code calls require() through esbuild's one runtime chunk: only a file that
// names require gets one. Each createRequire is a path lookup, 24 of them before the first frame.
const requireBanner = "import {createRequire as __tdCreateRequire} from 'node:module'; const require = __tdCreateRequire(import.meta.url);\n";
const result = await build({
	entryPoints: ['cli.tsx'],
	outdir: out,
	bundle: true,
	splitting: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	minify,
	logLevel: 'warning',
	define: {'process.env.NODE_ENV': '"production"'},
	alias: {'react-devtools-core': `./${out}/react-devtools-stub.js`},
	write: false,
	external: ['node-powershell'],
	plugins: [vendorShims(vendor), startupPatches],
});
for (const file of result.outputFiles) {
	let text = file.text;
	if (file.path.endsWith('.js') && /\brequire\b/.test(text)) text = text.startsWith('#!') ? text.replace('\n', `\n${requireBanner}`) : requireBanner + text;
	await mkdir(dirname(file.path), {recursive: true});
	await writeFile(file.path, text, file.path.endsWith('cli.js') ? {mode: 0o755} : undefined);
}
