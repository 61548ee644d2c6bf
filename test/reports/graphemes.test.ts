// The start-up-cheap grapheme segmentation and emoji check give Intl's and V8's answers exactly:
// the shortcut only decides when ICU and the RGI_Emoji class get built, never what comes out.
import test from 'ava';
import {graphemes, rgiEmojiSegment} from '../../source/core/reports/graphemes.js';

const icu = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
const segmentsOf = (segments: Iterable<Intl.SegmentData>) => [...segments].map(({segment, index}) => [segment, index]);

/** The ranges graphemes.ts treats as one grapheme per UTF-16 unit, every code point of them. */
function shortcutCodePoints(): string[] {
	const ranges: Array<[number, number]> = [[0x0000, 0x000c], [0x000e, 0x02ff], [0x2010, 0x2027], [0x2030, 0x205f], [0x2070, 0x20cf], [0x2100, 0x27bf], [0x2800, 0x2bff]];
	const characters: string[] = [];
	for (const [from, to] of ranges) for (let code = from; code <= to; code++) characters.push(String.fromCodePoint(code));
	return characters;
}

test('text of the shortcut ranges splits exactly as Intl.Segmenter splits it, in any order', t => {
	const characters = shortcutCodePoints();
	t.true(characters.length > 3600);
	for (const text of [characters.join(''), [...characters].reverse().join(''), characters.filter((_, index) => index % 7 === 0).join('x'), 'tenantdeck · Starting ╭──╮ │ ⠋ …']) {
		t.deepEqual(segmentsOf(graphemes.segment(text)), segmentsOf(icu.segment(text)));
	}
});

test('text that joins into clusters goes to Intl.Segmenter: accents, emoji, flags, CRLF, Hangul jamo, CJK', t => {
	for (const text of ['Ame\u0301lie', '👩‍👩‍👧‍👦 Family', '🇯🇵🇳🇿', 'line\r\nnext', '\u1100\u1161\u11a8', '1\ufe0f\u20e3', '⚠\ufe0f warn', '·\u0301', 'e\u0308·']) {
		const ours = segmentsOf(graphemes.segment(text));
		t.deepEqual(ours, segmentsOf(icu.segment(text)), text);
		t.true(ours.length < [...text].length, `${text} has a cluster of more than one code point`);
	}
	t.deepEqual(segmentsOf(graphemes.segment('株式会社コントソ')), segmentsOf(icu.segment('株式会社コントソ')));
});

test('containing() names the same grapheme as Intl for every index, and nothing outside the text', t => {
	for (const text of ['tenantdeck · Starting', '╭─ab─╮', 'Ame\u0301lie · 👩‍👩‍👧', '']) {
		const ours = graphemes.segment(text);
		const theirs = icu.segment(text);
		for (let index = -2; index <= text.length + 1; index++) {
			const expected = theirs.containing(index);
			const actual = ours.containing(index);
			t.deepEqual(actual && [actual.segment, actual.index, actual.input], expected && [expected.segment, expected.index, expected.input], `${JSON.stringify(text)} at ${index}`);
		}
		t.deepEqual(ours.containing()?.segment, theirs.containing()?.segment);
	}
});

test('the emoji check agrees with /^\\p{RGI_Emoji}$/v for every code point and for sequences', t => {
	const rgi = new RegExp(String.raw`^\p{RGI_Emoji}$`, 'v');
	let emoji = 0;
	const planes = [[0, 0x2ffff], [0xe0000, 0xe01ef]];
	for (const [from, to] of planes) {
		for (let code = from!; code <= to!; code++) {
			if (code >= 0xd800 && code <= 0xdfff) continue;
			const character = String.fromCodePoint(code);
			const expected = rgi.test(character);
			if (expected) emoji++;
			if (rgiEmojiSegment.test(character) !== expected) t.fail(`U+${code.toString(16)}: expected ${expected}`);
		}
	}
	t.true(emoji > 1000, 'the plane holds the single-code-point emoji');
	const sequences = ['1\ufe0f\u20e3', '#\ufe0f\u20e3', '🇯🇵', '🇳🇿', '👍🏽', '👩‍👩‍👧‍👦', '🏳️‍🌈', '🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}', '⚠\ufe0f', '©\ufe0f', '👨🏻‍💻', '❤️‍🔥', '1\u20e3', '🇯', 'ab', '·', '─', 'é', '👍x'];
	for (const sequence of sequences) t.is(rgiEmojiSegment.test(sequence), rgi.test(sequence), sequence);
});
