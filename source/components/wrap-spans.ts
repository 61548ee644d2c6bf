// Styled text wrapped to a width before Ink sees it. A pane of fixed height must know how many
// rows its text takes: Ink's own wrapping cannot be measured, and what it wraps past the pane's
// height is drawn over the rows below. Lines are broken as wrapText breaks them (display width,
// never inside a grapheme); each piece keeps the style it had.

import {wrapText} from '../core/reports/text-width.js';

/** A run of text in one style (a theme token, or none). */
export type Span<S> = {readonly text: string; readonly style?: S};

const space = /\s/;

/** The spans broken into rows of at most `width` columns. */
export function wrapSpans<S>(spans: ReadonlyArray<Span<S>>, width: number): Array<Array<Span<S>>> {
	const plain = spans.map(span => span.text).join('');
	// wrapText sees plain text; the style of each of its characters is looked up by position.
	const styles = spans.flatMap(span => Array.from({length: span.text.length}, () => span.style));
	let at = 0;
	return wrapText(plain, width).map(line => {
		const row: Array<Span<S>> = [];
		const add = (text: string, style: S | undefined) => {
			const last = row.at(-1);
			if (last && last.style === style) row[row.length - 1] = {text: last.text + text, style};
			else row.push({text, style});
		};
		while (at < plain.length && space.test(plain[at]!)) at++;
		for (const character of line) {
			// A space in a wrapped line stands for the run of whitespace between two words.
			if (character === ' ' && space.test(plain[at] ?? '')) {
				add(' ', styles[at]);
				while (at < plain.length && space.test(plain[at]!)) at++;
				continue;
			}
			add(character, styles[at]);
			at += character.length;
		}
		return row;
	});
}
