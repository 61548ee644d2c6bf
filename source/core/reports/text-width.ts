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

/**
 * The text in at most `size` columns; when cut, it ends in "…" (or the given marker: "..." on an
 * ASCII terminal, never longer than the room itself).
 */
export function clip(text: string, size: number, marker = '…'): string {
	if (size <= 0) return '';
	if (displayWidth(text) <= size) return text;
	const end = displayWidth(marker) < size ? marker : marker.slice(0, 1);
	const room = size - displayWidth(end);
	let kept = '';
	let used = 0;
	for (const {segment} of graphemes.segment(text)) {
		const width = stringWidth(segment);
		if (used + width > room) break;
		kept += segment;
		used += width;
	}
	return `${kept}${end}`;
}

/** Clipped to `size` columns, then padded with spaces to exactly `size` columns. */
export function fitEnd(text: string, size: number, marker?: string): string {
	const clipped = clip(text, size, marker);
	return clipped + ' '.repeat(Math.max(0, size - displayWidth(clipped)));
}

/** Like fitEnd, aligned right (numbers). */
export function fitStart(text: string, size: number, marker?: string): string {
	const clipped = clip(text, size, marker);
	return ' '.repeat(Math.max(0, size - displayWidth(clipped))) + clipped;
}

/**
 * Text broken into lines of at most `size` columns: at spaces where it can, inside a word
 * (between graphemes) only when the word alone is wider than a line.
 */
export function wrapText(text: string, size: number): string[] {
	const width = Math.max(1, size);
	const lines: string[] = [];
	let line = '';
	let used = 0;
	const push = () => {
		lines.push(line);
		line = '';
		used = 0;
	};
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const wordWidth = displayWidth(word);
		if (used > 0 && used + 1 + wordWidth <= width) {
			line += ` ${word}`;
			used += 1 + wordWidth;
			continue;
		}
		if (used > 0) push();
		if (wordWidth <= width) {
			line = word;
			used = wordWidth;
			continue;
		}
		for (const {segment} of graphemes.segment(word)) {
			const segmentWidth = stringWidth(segment);
			if (used + segmentWidth > width) push();
			line += segment;
			used += segmentWidth;
		}
	}
	if (used > 0 || lines.length === 0) lines.push(line);
	return lines;
}
