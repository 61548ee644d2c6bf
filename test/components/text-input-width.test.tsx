// A text field measures in terminal columns and cuts between graphemes: a CJK name takes two
// columns a character, an emoji or a letter with its accent is one cell that is never split, and
// the cursor cell stays in view on the grapheme that holds it, however far the value scrolls.

import '../helpers/force-color.js';
import test, {type ExecutionContext} from 'ava';
import React from 'react';
import {render} from 'ink-testing-library';
import {Text} from 'ink';
import stripAnsi from 'strip-ansi';
import {TextInput} from '../../source/components/text-input.js';
import {displayWidth} from '../../source/core/reports/text-width.js';
import {asciiGlyphs} from '../../source/ui/glyphs.js';
import {ThemeContext, createTheme, type Theme} from '../../source/ui/theme.js';

const unicode = createTheme({color: false});
const ascii = createTheme({color: false, glyphs: asciiGlyphs});
const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
const graphemesOf = (text: string) => Array.from(segmenter.segment(text), ({segment}) => segment);

const cjk = '東京支社グループ名';
const thumb = '👍🏽';
const family = '👨\u200d👩\u200d👧\u200d👦';
const emoji = `ok ${thumb} team ${family} done`;
const accents = 'cafe\u0301 re\u0301sume\u0301 ne\u0301e';

type Field = {readonly before: string; readonly under: string; readonly after: string; readonly shown: string};

/** The field as drawn: the text before the inverse cursor cell, that cell, and the text after. */
function field(props: {value: string; cursor?: number; width?: number; focused?: boolean; placeholder?: string}, theme: Theme = unicode): Field {
	const view = render(<ThemeContext.Provider value={theme}><Text><TextInput focused {...props} /></Text></ThemeContext.Provider>);
	const frame = view.lastFrame() ?? '';
	view.unmount();
	const [before = '', rest = ''] = frame.split('\u001B[7m');
	const [under = '', after = ''] = rest.split('\u001B[27m');
	return {before: stripAnsi(before), under: stripAnsi(under), after: stripAnsi(after), shown: stripAnsi(frame)};
}

/** Code points before the grapheme at `index`: the cursor value that sits on it. */
const cursorOn = (value: string, index: number) => [...graphemesOf(value).slice(0, index).join('')].length;

/**
 * Every cursor position in `value`: within `width` columns, the inverse cell is the whole grapheme
 * holding the cursor (a space at the end), and the text either side is whole graphemes next to it,
 * cut only with the theme's ellipsis.
 */
function checkEveryCursor(t: ExecutionContext, value: string, width: number, theme: Theme = unicode): void {
	const mark = theme.glyphs.ellipsis;
	const cells = graphemesOf(value);
	for (let cursor = 0; cursor <= [...value].length; cursor++) {
		const {before, under, after, shown} = field({value, cursor, width}, theme);
		const label = `${JSON.stringify(value)} at ${cursor} in ${width}: ${JSON.stringify(shown)}`;
		t.true(displayWidth(shown) <= width, `${displayWidth(shown)} columns: ${label}`);
		t.false(/\p{Cs}/u.test(shown), `no half of a surrogate pair: ${label}`);
		let index = 0;
		while (index < cells.length && [...cells.slice(0, index + 1).join('')].length <= cursor) index++;
		t.is(under, cells[index] ?? ' ', `the cursor cell: ${label}`);
		const head = before.startsWith(mark) ? before.slice(mark.length) : before;
		const tail = after.endsWith(mark) ? after.slice(0, -mark.length) : after;
		t.true(cells.slice(0, index).some((_, from) => cells.slice(from, index).join('') === head) || head === '', `before the cursor, whole graphemes: ${label}`);
		t.true(cells.slice(index + 1).some((_, to) => cells.slice(index + 1, index + 2 + to).join('') === tail) || tail === '', `after the cursor, whole graphemes: ${label}`);
	}
}

test.serial('a CJK value scrolls by columns: cursor at the start, in the middle and at the end', t => {
	t.deepEqual(field({value: cjk, cursor: 0, width: 10}), {before: '', under: '東', after: '京支社…', shown: '東京支社…'});
	t.deepEqual(field({value: cjk, cursor: 4, width: 10}), {before: '…支社', under: 'グ', after: 'ル…', shown: '…支社グル…'});
	t.deepEqual(field({value: cjk, width: 10}), {before: '…ループ名', under: ' ', after: '', shown: '…ループ名 '});
	t.deepEqual(field({value: cjk, cursor: 9, width: 10}), field({value: cjk, width: 10}), 'the end, given or not');
	t.is(field({value: cjk, width: 19}).shown, `${cjk} `, 'a value that fits shows whole');
	for (const width of [8, 10, 11, 16]) checkEveryCursor(t, cjk, width);
	checkEveryCursor(t, `Group ${cjk} EU`, 12, ascii);
});

test.serial('an emoji with a skin tone or a ZWJ family is one cell, under the cursor and beside it', t => {
	const thumbAt = cursorOn(emoji, 3);
	t.is(field({value: emoji, cursor: thumbAt, width: 12}).under, thumb);
	t.is(field({value: emoji, cursor: thumbAt + 1, width: 12}).under, thumb, 'a cursor between the hand and its tone is on the whole emoji');
	const familyAt = cursorOn(emoji, 10);
	t.is(field({value: emoji, cursor: familyAt, width: 12}).under, family);
	t.is(field({value: emoji, cursor: familyAt + 3, width: 12}).under, family, 'a cursor inside the family is on all of it');
	t.deepEqual(field({value: family.repeat(5), cursor: 14, width: 6}), {before: '…', under: family, after: `${family}…`, shown: `…${family}${family}…`});
	for (const width of [6, 9, 12, 14]) checkEveryCursor(t, emoji, width);
	checkEveryCursor(t, emoji, 10, ascii);
});

test.serial('a combining accent stays with its letter and takes no column', t => {
	t.is(field({value: accents, cursor: 4, width: 12}).under, 'e\u0301', 'a cursor between the "e" and its accent is on both');
	const long = 'e\u0301'.repeat(12);
	t.deepEqual(field({value: long, width: 14}), {before: long, under: ' ', after: '', shown: `${long} `}, 'twelve accented letters are twelve columns, not 24');
	t.deepEqual(field({value: long, cursor: 0, width: 8}), {before: '', under: 'e\u0301', after: `${'e\u0301'.repeat(6)}…`, shown: `${'e\u0301'.repeat(7)}…`});
	for (const width of [5, 8, 12]) checkEveryCursor(t, accents, width);
	checkEveryCursor(t, accents, 9, ascii);
});

test.serial('a field without focus, or showing its placeholder, fits its width in columns too', t => {
	t.is(field({value: cjk, width: 10, focused: false}).shown, '東京支社…');
	t.is(field({value: emoji, width: 10, focused: false}).shown, `ok ${thumb} tea…`);
	t.is(field({value: cjk, width: 10, focused: false}, ascii).shown, '東京支...');
	t.is(field({value: '', placeholder: '(empty: leave out)', width: 10}).shown, ' (empty: …');
	t.is(field({value: '', placeholder: '(empty: leave out)', width: 10, focused: false}).shown, '(empty: l…');
});
