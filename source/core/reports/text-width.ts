// Widths in terminal columns, not UTF-16 units: a CJK character takes two columns, an emoji
// family is one grapheme of two columns, a combining accent takes none. Text is only ever cut
// between graphemes, so a surrogate pair or an accent is never split from its base.
// (cli-truncate was measured to overshoot by one column when a wide character meets the edge.)

import stringWidth from 'string-width';

const graphemes = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

const plainAscii = /^[\x20-\x7e]*$/;

export function displayWidth(text: string): number {
	// Most cells are plain ASCII: a table of 100,000 rows should not pay for grapheme tables.
	return plainAscii.test(text) ? text.length : stringWidth(text);
}

/** The text in at most `size` columns; when cut, it ends in "…". */
export function clip(text: string, size: number): string {
	return clipMeasured(text, size).text;
}

/**
 * clip, with the width of what it returns, so padding never measures a cell twice. Plain ASCII is
 * one column per character and is cut by index: walking graphemes (or measuring the "…" line
 * again) made a 200,000-row text table take over a minute, as most cells of a wide table are cut.
 */
function clipMeasured(text: string, size: number): {text: string; width: number} {
	if (size <= 0) return {text: '', width: 0};
	if (plainAscii.test(text)) return text.length <= size ? {text, width: text.length} : {text: `${text.slice(0, size - 1)}…`, width: size};
	const whole = stringWidth(text);
	if (whole <= size) return {text, width: whole};
	let kept = '';
	let used = 0;
	for (const {segment} of graphemes.segment(text)) {
		const width = stringWidth(segment);
		if (used + width > size - 1) break;
		kept += segment;
		used += width;
	}
	return {text: `${kept}…`, width: used + 1};
}

/** Clipped to `size` columns, then padded with spaces to exactly `size` columns. */
export function fitEnd(text: string, size: number): string {
	const clipped = clipMeasured(text, size);
	return clipped.text + ' '.repeat(Math.max(0, size - clipped.width));
}

/** Like fitEnd, aligned right (numbers). */
export function fitStart(text: string, size: number): string {
	const clipped = clipMeasured(text, size);
	return ' '.repeat(Math.max(0, size - clipped.width)) + clipped.text;
}
