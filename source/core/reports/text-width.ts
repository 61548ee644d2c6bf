// Widths in terminal columns, not UTF-16 units: a CJK character takes two columns, an emoji
// family is one grapheme of two columns, a combining accent takes none. Text is only ever cut
// between graphemes, so a surrogate pair or an accent is never split from its base.
// (cli-truncate was measured to overshoot by one column when a wide character meets the edge.)

import stringWidth from 'string-width';
import {graphemeList, graphemes} from './graphemes.js';

const plainAscii = /^[\x20-\x7e]*$/;

export function displayWidth(text: string): number {
	// Most cells are plain ASCII: a table of 100,000 rows should not pay for grapheme tables.
	return plainAscii.test(text) ? text.length : stringWidth(text);
}

// A cut cell ends in a marker ("…", "..."): measured once, not twice per cut cell. string-width
// on "…" was most of a 200,000-row text table's time (50 s against 6 s for CSV).
const markerWidths = new Map<string, number>();
function markerWidth(marker: string): number {
	let width = markerWidths.get(marker);
	if (width === undefined) markerWidths.set(marker, (width = displayWidth(marker)));
	return width;
}

/**
 * The text in at most `size` columns; when cut, it ends in "…" (or the given marker: "..." on an
 * ASCII terminal, never longer than the room itself).
 */
export function clip(text: string, size: number, marker = '…'): string {
	return clipMeasured(text, size, marker).text;
}

/** clip from the other side: the last graphemes in at most `size` columns, after the marker when cut. */
export function clipStart(text: string, size: number, marker = '…'): string {
	if (stringWidth(text) <= size) return text;
	if (size <= 0) return '';
	const start = markerWidth(marker) < size ? marker : marker.slice(0, 1);
	const cells = graphemeList(text);
	let kept = '';
	let used = markerWidth(start);
	for (let index = cells.length - 1; index >= 0; index--) {
		const width = stringWidth(cells[index]!);
		if (used + width > size) break;
		kept = cells[index]! + kept;
		used += width;
	}
	return start + kept;
}

/**
 * clip, with the width of what it returns, so padding never measures a cell twice. Plain ASCII is
 * one column per character and is cut by index: walking graphemes (or measuring the "…" line
 * again) made a 200,000-row text table take over a minute, as most cells of a wide table are cut.
 */
function clipMeasured(text: string, size: number, marker = '…'): {text: string; width: number} {
	if (size <= 0) return {text: '', width: 0};
	const ascii = plainAscii.test(text);
	const whole = ascii ? text.length : stringWidth(text);
	if (whole <= size) return {text, width: whole};
	const end = markerWidth(marker) < size ? marker : marker.slice(0, 1);
	const endWidth = markerWidth(end);
	const room = size - endWidth;
	if (ascii) return {text: `${text.slice(0, room)}${end}`, width: room + endWidth};
	let kept = '';
	let used = 0;
	for (const {segment} of graphemes.segment(text)) {
		const width = stringWidth(segment);
		if (used + width > room) break;
		kept += segment;
		used += width;
	}
	return {text: `${kept}${end}`, width: used + endWidth};
}

/** Clipped to `size` columns, then padded with spaces to exactly `size` columns. */
export function fitEnd(text: string, size: number, marker?: string): string {
	const clipped = clipMeasured(text, size, marker);
	return clipped.text + ' '.repeat(Math.max(0, size - clipped.width));
}

/** Like fitEnd, aligned right (numbers). */
export function fitStart(text: string, size: number, marker?: string): string {
	const clipped = clipMeasured(text, size, marker);
	return ' '.repeat(Math.max(0, size - clipped.width)) + clipped.text;
}

/**
 * Text broken into lines of at most `size` columns: at spaces where it can. A word wider than a line
 * starts a line of its own and breaks after a "/" or "\" where it can (a path keeps its file name
 * whole), between graphemes only where one name alone is wider than a line.
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
		for (const part of word.split(/(?<=[/\\])/)) {
			const partWidth = displayWidth(part);
			if (used + partWidth <= width) {
				line += part;
				used += partWidth;
				continue;
			}
			if (partWidth <= width) {
				push();
				line = part;
				used = partWidth;
				continue;
			}
			for (const {segment} of graphemes.segment(part)) {
				const segmentWidth = stringWidth(segment);
				if (used + segmentWidth > width) push();
				line += segment;
				used += segmentWidth;
			}
		}
	}
	if (used > 0 || lines.length === 0) lines.push(line);
	return lines;
}

/**
 * The first `most` lines; when lines are left out, the last one shown ends in the ellipsis so the
 * cut is seen (the next word never fits on a wrapped line, so the clip always marks it).
 */
export function firstLines(lines: readonly string[], most: number, width: number, ellipsis: string): string[] {
	if (lines.length <= most) return [...lines];
	if (most <= 0) return [];
	const kept = lines.slice(0, most);
	kept[most - 1] = clip(`${kept[most - 1]!} ${lines[most]!}`, width, ellipsis);
	return kept;
}
