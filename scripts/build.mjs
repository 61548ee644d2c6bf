// Bundles cli.tsx into one ESM file: start-up is ~2x faster than loading node_modules piecemeal
// (platform.md). Heavy adapters stay behind dynamic import() so they load on first use.
import {build} from 'esbuild';
import {mkdir, rm, writeFile} from 'node:fs/promises';
import {startupPatches} from './build-patches.mjs';

// Chunk names change with content: start clean so old chunks do not pile up.
await rm('dist', {recursive: true, force: true});
await mkdir('dist', {recursive: true});
await writeFile('dist/react-devtools-stub.js', 'export default undefined;\n');
await build({
	entryPoints: ['cli.tsx'],
	outdir: 'dist',
	bundle: true,
	splitting: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	minify: true,
	logLevel: 'warning',
	define: {'process.env.NODE_ENV': '"production"'},
	alias: {'react-devtools-core': './dist/react-devtools-stub.js'},
	banner: {js: "import {createRequire as __tdCreateRequire} from 'node:module'; const require = __tdCreateRequire(import.meta.url);"},
	external: ['node-powershell'],
	plugins: [startupPatches],
});
