// The bundle's start-up patches (scripts/build-patches.mjs) change when Ink's width helpers pay for
// ICU and the RGI_Emoji class, never what they answer: the same helpers bundled with and without
// the patches measure, cut, wrap and tokenize the same text identically.
import test from 'ava';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {build, type Plugin} from 'esbuild';

type Helpers = {
	stringWidth(text: string, options?: {ambiguousIsNarrow?: boolean}): number;
	sliceAnsi(text: string, start: number, end?: number): string;
	tokenize(text: string): unknown[];
	styledCharsFromTokens(tokens: unknown[]): unknown[];
	styledCharsToString(chars: unknown[]): string;
	wrapAnsi(text: string, columns: number, options?: {hard?: boolean; trim?: boolean}): string;
	cliTruncate(text: string, columns: number): string;
	widestLine(text: string): number;
};

// What Ink's output, measuring, wrapping and truncating use (wrap-ansi brings its own string-width 7).
const entry = `
export {default as stringWidth} from 'string-width';
export {default as sliceAnsi} from 'slice-ansi';
export {tokenize, styledCharsFromTokens, styledCharsToString} from '@alcalzone/ansi-tokenize';
export {default as wrapAnsi} from 'wrap-ansi';
export {default as cliTruncate} from 'cli-truncate';
export {default as widestLine} from 'widest-line';
`;

async function bundled(folder: string, name: string, plugins: Plugin[]): Promise<{helpers: Helpers; text: string}> {
	const outfile = join(folder, `${name}.mjs`);
	await build({stdin: {contents: entry, resolveDir: process.cwd(), loader: 'js'}, bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'silent', plugins});
	const {readFile} = await import('node:fs/promises');
	return {helpers: (await import(pathToFileURL(outfile).href)) as Helpers, text: await readFile(outfile, 'utf8')};
}

const red = (text: string) => `\u001B[31m${text}\u001B[39m`;
const samples = [
	'plain ascii', 'tenantdeck · Starting', '╭──────╮', '│ ⠋ Signing in… │', '→ ← ↑ ↓ ✔ ✗ ● ○ █░',
	'株式会社コントソ日本', '👩‍👩‍👧‍👦 Family Office 🇯🇵', 'Ame\u0301lie Cafe\u0301', '1\ufe0f\u20e3 #\ufe0f\u20e3 1\u20e3', '⚠ ⚠\ufe0f © ©\ufe0f ™',
	'\u1100\u1161\u11a8 한국', 'soft\u00adhyphen zero\u200bwidth', 'tab\there', 'Zürich · São Paulo · Łódź', '½ ¼ ² ³ µ ¶ § ±',
	red('red · text'), `${red('╭─')}${red('👍🏽')} done`, '\u001B]8;;https://example.com\u0007link\u001B]8;;\u0007 · after', 'ｈａｌｆ ｆｕｌｌ ﾃﾞ', '\u2028\u2029',
	'\u001B[1mbold\u001B[2m and dim\u001B[22m plain \u001B[1;31mboth\u001B[0m · \u001B[7minverse\u001B[27m\u001B[4m\u001B[4munder\u001B[24m',
];

test('Ink\'s width helpers answer the same with and without the start-up patches', async t => {
	const folder = await mkdtemp(join(tmpdir(), 'tenantdeck-patches-'));
	t.teardown(() => rm(folder, {recursive: true, force: true}));
	const {startupPatches} = (await import(pathToFileURL(join(process.cwd(), 'scripts/build-patches.mjs')).href)) as {startupPatches: Plugin};
	const original = await bundled(folder, 'original', []);
	const patched = await bundled(folder, 'patched', [startupPatches]);
	t.regex(original.text, /new Intl\.Segmenter/, 'the unpatched helpers build a segmenter at load');
	t.notRegex(patched.text, /GRAPHEME_SEGMENTER = new Intl|segmenter = new Intl/, 'the patched helpers build none at load');
	const answers = (helpers: Helpers) => samples.map(text => ({
		text,
		width: helpers.stringWidth(text),
		wideAmbiguous: helpers.stringWidth(text, {ambiguousIsNarrow: false}),
		slices: [helpers.sliceAnsi(text, 0, 3), helpers.sliceAnsi(text, 2, 9), helpers.sliceAnsi(text, 5)],
		tokens: JSON.stringify(helpers.styledCharsFromTokens(helpers.tokenize(text))),
		// Ink's way back from cells to text, whole and as the row of a frame where two texts meet.
		redrawn: [helpers.styledCharsToString(helpers.styledCharsFromTokens(helpers.tokenize(text))), helpers.styledCharsToString([...helpers.styledCharsFromTokens(helpers.tokenize(text)), ...helpers.styledCharsFromTokens(helpers.tokenize(red(text)))])],
		wrapped: [helpers.wrapAnsi(text, 4, {hard: true}), helpers.wrapAnsi(text, 9, {trim: false})],
		truncated: [helpers.cliTruncate(text, 5), helpers.cliTruncate(text, 12)],
		widest: helpers.widestLine(`${text}\n${text}${text}`),
	}));
	const expected = answers(original.helpers);
	const actual = answers(patched.helpers);
	for (const [index, answer] of actual.entries()) t.deepEqual(answer, expected[index], samples[index]);
});
