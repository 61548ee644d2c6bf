// The last guard of the ASCII console: whatever text still holds a non-ASCII character (a "·" in a
// sentence, an accent in a tenant's name, a border Ink draws) becomes ASCII of the SAME display
// width, so Ink's layout, measured before this runs, still lines up. Accented letters lose only
// the accent ("Zürich" → "Zurich"); anything else becomes "?" per column, as ls does in the C locale.

import stringWidth from 'string-width';
import {graphemes} from '../core/reports/graphemes.js';

const plain = /^[\x00-\x7f]*$/;

/** One-column look-alikes for the characters the console's own text uses. */
const lookAlike: Readonly<Record<string, string>> = {
	'·': '|', '•': '*', '…': '.', '—': '-', '–': '-', '‐': '-', '−': '-', '×': 'x',
	'›': '>', '‹': '<', '»': '>', '«': '<', '→': '>', '←': '<', '↑': '^', '↓': 'v', '⇅': '|',
	'‘': "'", '’': "'", '‚': ',', '“': '"', '”': '"', '„': '"', '\u00a0': ' ',
	'█': '#', '▓': '#', '▒': ':', '░': '.', '✓': '+', '✔': '+', '✗': 'x', '✘': 'x', '●': '*', '○': 'o', '◉': '*', '◯': 'o',
	'─': '-', '━': '-', '═': '=', '│': '|', '┃': '|', '║': '|',
	'┌': '+', '┐': '+', '└': '+', '┘': '+', '├': '+', '┤': '+', '┬': '+', '┴': '+', '┼': '+',
	'╭': '+', '╮': '+', '╯': '+', '╰': '+', '╔': '+', '╗': '+', '╚': '+', '╝': '+',
	'┏': '+', '┓': '+', '┗': '+', '┛': '+',
};

function asciiFor(grapheme: string): string {
	const known = lookAlike[grapheme];
	if (known !== undefined) return known;
	if (grapheme >= '\u2800' && grapheme <= '\u28ff') return '*';
	const width = stringWidth(grapheme);
	const base = grapheme.normalize('NFD').replace(/\p{M}/gu, '');
	if (plain.test(base) && base.length === width) return base;
	return '?'.repeat(width);
}

/**
 * The text with every non-ASCII grapheme replaced by ASCII of the same width. A "…" that reaches
 * this far is where text was cut (Ink's wrap="truncate" always cuts with "…"; the console's own
 * words write glyphs.ellipsis, "..." here, before Ink measures them): it becomes "..." over its own
 * column and the two before it, as the ASCII console's other cuts read ("Camden Scaffolding Li..."
 * rather than "Camden Scaffolding Limi.", which reads like a whole name).
 */
export function toAscii(text: string): string {
	if (plain.test(text)) return text;
	// One piece per grapheme or escape-code character; `shown` holds where this line's visible
	// pieces are, so a cut can take back the columns before it without touching escape codes.
	const out: string[] = [];
	let shown: number[] = [];
	const escape = escapeReader();
	for (const {segment} of graphemes.segment(text)) {
		if (escape.inside(segment)) out.push(segment);
		else if (segment === '…') {
			dotsOver(out, shown, 2);
			shown.push(out.push('.') - 1);
		} else {
			if (/[\r\n]/.test(segment)) shown = [];
			else if (!/^[\x00-\x1f\x7f]$/.test(segment)) shown.push(out.length);
			out.push(plain.test(segment) ? segment : asciiFor(segment));
		}
	}
	return out.join('');
}

/**
 * Turns up to `columns` visible columns just before a cut into dots. A "…" with only spaces before
 * it on its line starts the line ("  … 3 more lines") rather than ending a cut, and a "|" is a
 * border: those are left alone.
 */
function dotsOver(out: string[], shown: number[], columns: number): void {
	if (shown.every(at => out[at] === ' ')) return;
	let taken = 0;
	for (let at = shown.length - 1; at >= 0 && taken < columns; at--) {
		const piece = out[shown[at]!]!;
		if (piece === '|') return;
		out[shown[at]!] = '.'.repeat(piece.length);
		taken += piece.length;
	}
}

/**
 * Tells the characters of ANSI escape codes (ESC [ … final byte, ESC ] … BEL or ESC \\, or ESC
 * and one more character) from text, fed one grapheme at a time.
 */
function escapeReader(): {inside(segment: string): boolean} {
	let state: 'text' | 'escape' | 'csi' | 'osc' = 'text';
	return {
		inside(segment) {
			switch (state) {
				case 'text':
					if (segment !== '\u001B') return false;
					state = 'escape';
					return true;
				case 'escape':
					state = segment === '[' ? 'csi' : segment === ']' ? 'osc' : 'text';
					return true;
				case 'csi':
					// The final byte may share its grapheme with a combining mark that follows it.
					if (/^[@-~]/.test(segment)) state = 'text';
					return true;
				case 'osc':
					if (segment === '\u0007' || segment === '\u001B') state = segment === '\u001B' ? 'escape' : 'text';
					return true;
			}
		},
	};
}
