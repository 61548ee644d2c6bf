// Grapheme segmentation and the emoji check, without their start-up price where it cannot change
// the answer. Every frame Ink draws is cut into graphemes and measured; on the console's first
// frame ("tenantdeck · Starting", borders, a braille spinner) that cost more than everything else
// before it: the first Intl.Segmenter initialises ICU, and string-width's /^\p{RGI_Emoji}$/v is
// a class of thousands of strings that V8 parses when the module loads and compiles on first use.
// The bundle routes Ink's own width helpers here too (scripts/build-patches.mjs).

/**
 * Text made only of these code points is one grapheme per code point: none of them joins with a
 * neighbour (no combining marks, joiners, variation selectors, regional indicators, Hangul jamo,
 * and no CR, which pairs with LF). All are in the Basic Multilingual Plane: one UTF-16 unit each.
 * Latin (with Latin-1, Extended-A/B, IPA, spacing modifiers), general punctuation, super- and
 * subscripts, currency, letterlike symbols, arrows, maths, technical symbols, box drawing, blocks,
 * shapes, dingbats, braille and more arrows. test/reports/graphemes.test.ts checks every one of
 * them against Intl.Segmenter.
 */
const singleUnitGraphemes = /^[\u0000-\u000C\u000E-\u02FF\u2010-\u2027\u2030-\u205F\u2070-\u20CF\u2100-\u27BF\u2800-\u2BFF]*$/;

export type GraphemeSegments = Iterable<Intl.SegmentData> & {
	/** The grapheme that holds the UTF-16 unit at `index`, as Intl's Segments.containing does. */
	containing(index?: number): Intl.SegmentData | undefined;
};

function unitSegments(text: string): GraphemeSegments {
	const at = (index: number): Intl.SegmentData => ({segment: text.charAt(index), index, input: text});
	return {
		*[Symbol.iterator]() {
			for (let index = 0; index < text.length; index++) yield at(index);
		},
		containing(index = 0) {
			const unit = Math.trunc(Number(index) || 0);
			return unit >= 0 && unit < text.length ? at(unit) : undefined;
		},
	};
}

let icu: Intl.Segmenter | undefined;

/** Intl.Segmenter's grapheme segmentation; ICU is only started for text that needs it. */
export const graphemes = {
	segment(text: string): GraphemeSegments {
		if (singleUnitGraphemes.test(text)) return unitSegments(text);
		icu ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'});
		return icu.segment(text);
	},
};

/** The graphemes of a text, as a list (the characters a reader sees). */
export function graphemeList(text: string): string[] {
	return Array.from(graphemes.segment(text), ({segment}) => segment);
}

/**
 * Every RGI emoji starts with a code point of the Emoji property (a keycap with its digit, a flag
 * with a regional indicator, a tag sequence with the black flag), so text that does not can skip
 * the RGI class, which is then built on the first segment that might be one.
 */
const mayStartEmoji = /^\p{Emoji}/u;
let rgiEmoji: RegExp | undefined;

/** Does the whole segment form one RGI emoji? Same answer as /^\p{RGI_Emoji}$/v.test. */
export const rgiEmojiSegment = {
	test(segment: string): boolean {
		if (!mayStartEmoji.test(segment)) return false;
		rgiEmoji ??= new RegExp(String.raw`^\p{RGI_Emoji}$`, 'v');
		return rgiEmoji.test(segment);
	},
};
