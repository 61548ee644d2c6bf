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

/** The text with every non-ASCII grapheme replaced by ASCII of the same width. */
export function toAscii(text: string): string {
	if (plain.test(text)) return text;
	let out = '';
	for (const {segment} of graphemes.segment(text)) out += plain.test(segment) ? segment : asciiFor(segment);
	return out;
}
