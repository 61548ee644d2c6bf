// Start-up patches applied while bundling: third-party code that does slow work before the
// console's first frame, rewritten at build time (node_modules is never touched). Each patch names
// the exact text it replaces and how often it occurs; the build fails when that text is no longer
// there, so a dependency upgrade cannot silently bring the slow path back.
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';

/** @typedef {{find: string, replace: string, count: number, why: string}} Replacement */

// Grapheme segmentation that starts ICU only for text that needs it, and the emoji check that
// builds the RGI_Emoji class only for a segment that may be one: source/core/reports/graphemes.ts.
const graphemesModule = fileURLToPath(new URL('../source/core/reports/graphemes.ts', import.meta.url));
const useGraphemes = `import {graphemes as __tdGraphemes, rgiEmojiSegment as __tdRgiEmojiSegment} from ${JSON.stringify(graphemesModule)};\n`;
const whySegmenter = 'Ink cuts every line it draws into graphemes: the first Intl.Segmenter starts ICU, which the ASCII, punctuation and box drawing of most frames never need';

/** @type {{file: RegExp, prepend?: string, replacements: Replacement[]}[]} */
const patches = [
	{
		// Ink lays out with yoga, whose wasm is a base64 data: URL inside this file.
		file: /yoga-layout\/dist\/binaries\/yoga-wasm-base64-esm\.js$/,
		replacements: [
			{
				find: '"function"!=typeof fetch',
				replace: '!0',
				count: 2,
				why: 'Node has fetch, so emscripten fetched its own data: URL: that loads undici, http2 and web streams (the slowest step before the first frame) to decode a string it holds',
			},
			{
				find: 'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c',
				replace: 'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))',
				count: 1,
				why: 'atob and a byte-by-byte copy of 70 KB, where Buffer decodes base64 natively',
			},
			{
				find: 'function c(e){return ya().then(function(f){return WebAssembly.instantiate(f,d)}).then(function(f){return f}).then(e,function(f){v("failed to asynchronously prepare wasm: "+f);x(f)})}',
				replace: 'function c(e){try{e({instance:new WebAssembly.Instance(new WebAssembly.Module(wa()),d)})}catch(f){v("failed to prepare wasm: "+f);x(f)}return Promise.resolve()}',
				count: 1,
				why: 'the 70 KB module it holds is compiled and started at once, so yoga is ready when its module has run: no top-level await, which a plain script (the vendor script) cannot have',
			},
		],
	},
	{
		file: /yoga-layout\/dist\/src\/index\.js$/,
		replacements: [
			{
				find: 'const Yoga = wrapAssembly(await loadYoga());',
				replace: 'const __tdYoga = {};\nloadYoga(__tdYoga);\nif (!__tdYoga.calledRun) throw new Error("yoga did not start at once");\nconst Yoga = wrapAssembly(__tdYoga);',
				count: 1,
				why: 'with the wasm started at once (above), the module object is ready when loadYoga returns; awaiting its promise needed top-level await',
			},
		],
	},
	{
		// Ink's two top-level awaits serve only DEV=true (React DevTools, which the bundle stubs out).
		file: /node_modules\/ink\/build\/reconciler\.js$/,
		replacements: [
			{find: "        await import('./devtools.js');", replace: '        void 0;', count: 1, why: 'React DevTools is not bundled (react-devtools-core is a stub); a plain script cannot await at top level'},
			{find: '    ? await loadPackageJson()', replace: '    ? { name: undefined, version: undefined }', count: 1, why: 'only DevTools reads the package name and version'},
		],
	},
	{
		// wrap-ansi's own older copy (string-width 7); before the next entry, whose pattern also matches it.
		file: /node_modules\/wrap-ansi\/node_modules\/string-width\/index\.js$/,
		prepend: useGraphemes,
		replacements: [{find: 'const segmenter = new Intl.Segmenter();', replace: 'const segmenter = __tdGraphemes;', count: 1, why: whySegmenter}],
	},
	{
		// Ink, cli-truncate and widest-line measure with it.
		file: /node_modules\/string-width\/index\.js$/,
		prepend: useGraphemes,
		replacements: [
			{find: 'const segmenter = new Intl.Segmenter();', replace: 'const segmenter = __tdGraphemes;', count: 1, why: whySegmenter},
			{
				find: 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
				replace: 'const rgiEmojiRegex = __tdRgiEmojiSegment;',
				count: 1,
				why: 'V8 parses this class of thousands of emoji strings when the module loads, and compiles it on the first non-ASCII character (a "·" in the title): most of the first frame\'s time',
			},
		],
	},
	{
		// Ink (and restore-cursor) install their exit hooks with it while the console loads.
		file: /node_modules\/signal-exit\/index\.js$/,
		prepend: 'const __tdAssert = {equal(actual, expected, message) { if (actual != expected) throw new Error(message); }};\n',
		replacements: [
			{
				find: "var assert = require('assert')",
				replace: 'var assert = __tdAssert',
				count: 1,
				why: 'its one assert.equal (is the callback a function) loaded node:assert and its five internal modules before the first frame',
			},
		],
	},
	{
		// Ink asks it for the terminal's size; it runs a command only when the terminal does not say.
		file: /node_modules\/terminal-size\/index\.js$/,
		replacements: [
			{
				find: "import {execFileSync} from 'node:child_process';",
				replace: "const execFileSync = (...args) => globalThis.process.getBuiltinModule('node:child_process').execFileSync(...args);",
				count: 1,
				why: 'its import of node:child_process (with net, dgram and the process wrappers behind it) loaded before the first frame for a fallback a terminal that reports its size never takes',
			},
		],
	},
	{
		file: /node_modules\/slice-ansi\/tokenize-ansi\.js$/,
		prepend: useGraphemes,
		replacements: [{find: "const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});", replace: 'const GRAPHEME_SEGMENTER = __tdGraphemes;', count: 1, why: whySegmenter}],
	},
	{
		// Ink turns every row of every frame back into text here, one cell at a time.
		file: /node_modules\/@alcalzone\/ansi-tokenize\/build\/styledChars\.js$/,
		// Two cells with the same codes need nothing between them: the diff of equal styles is empty.
		prepend: 'const __tdSameCodes = (a, b) => a === b || (a.length === b.length && a.every((code, index) => code.code === b[index].code && code.endCode === b[index].endCode));\n',
		replacements: [
			{
				find: 'ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
				replace: 'if (!__tdSameCodes(chars[i - 1].styles, char.styles)) ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
				count: 1,
				why: 'it built three Sets and four arrays per cell to find the empty difference between neighbours of one style: a third of drawing the first frame',
			},
		],
	},
	{
		// What Ink's Output runs every line of every frame through.
		file: /node_modules\/@alcalzone\/ansi-tokenize\/build\/tokenize\.js$/,
		prepend: useGraphemes,
		replacements: [{find: 'const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });', replace: 'const segmenter = __tdGraphemes;', count: 1, why: whySegmenter}],
	},
];

/** Applies the replacements to a file's text; throws when a patch no longer matches. */
export function patchText(path, text) {
	const patch = patches.find(candidate => candidate.file.test(path.replaceAll('\\', '/')));
	if (!patch) return undefined;
	let patched = text;
	for (const {find, replace, count} of patch.replacements) {
		const found = patched.split(find).length - 1;
		if (found !== count) throw new Error(`start-up patch for ${path}: expected ${count} × ${JSON.stringify(find)}, found ${found}. The dependency changed: re-check scripts/build-patches.mjs.`);
		patched = patched.replaceAll(find, replace);
	}
	return (patch.prepend ?? '') + patched;
}

// The named imports bundled code makes of node:process (is-in-ci, Ink's error overview); a new
// one fails the build ("No matching export") until it is added here.
const processModule = 'const process = globalThis.process;\nexport default process;\nexport const env = process.env;\nexport const cwd = () => process.cwd();\n';

/** The esbuild plugin: loads the patched files' text instead of the originals. */
export const startupPatches = {
	name: 'startup-patches',
	setup(build) {
		// Node builds an ES module of a builtin by reading every export once: for node:process that
		// reads process.report, which loads the diagnostic-report module. Ink imports node:process
		// in nine files; they all mean the one global process object.
		build.onResolve({filter: /^(?:node:)?process$/}, () => ({path: 'process', namespace: 'tenantdeck-process'}));
		build.onLoad({filter: /.*/, namespace: 'tenantdeck-process'}, () => ({contents: processModule, loader: 'js'}));
		for (const {file} of patches) {
			build.onLoad({filter: file}, async args => ({contents: patchText(args.path, await readFile(args.path, 'utf8')), loader: 'js'}));
		}
	},
};
