// Editing a one-line text field from key presses, at a cursor: typing and pasting insert at the
// cursor, ←/→ and Home/End (Ctrl+A/Ctrl+E) move it, Backspace/Delete remove a character on either
// side, Ctrl+W the word before it and Ctrl+U everything before it — the shell's line keys. Any
// other key is not the field's (undefined), so the screen may use it. Positions count code points,
// so an emoji or a CJK character is one step.

import {printable} from '../core/reports/columns.js';
import type {PressedKey} from '../ui/keymap.js';

export type TextEdit = {readonly value: string; readonly cursor: number};

/** Characters a Ctrl+W stops at: spaces and the commas that separate list entries. */
const separator = /[\s,;]/u;

export function editText(value: string, cursor: number, input: string, key: PressedKey): TextEdit | undefined {
	const chars = [...value];
	const at = Math.min(Math.max(0, cursor), chars.length);
	const result = (next: string[], to: number): TextEdit => ({value: next.join(''), cursor: to});
	if (key.forwardDelete) return result([...chars.slice(0, at), ...chars.slice(at + 1)], at);
	if (key.backspace || key.delete) return at === 0 ? result(chars, 0) : result([...chars.slice(0, at - 1), ...chars.slice(at)], at - 1);
	if (key.leftArrow && !key.ctrl && !key.meta) return result(chars, Math.max(0, at - 1));
	if (key.rightArrow && !key.ctrl && !key.meta) return result(chars, Math.min(chars.length, at + 1));
	if (key.home || (key.ctrl && input === 'a')) return result(chars, 0);
	if (key.end || (key.ctrl && input === 'e')) return result(chars, chars.length);
	if (key.ctrl && input === 'u') return result(chars.slice(at), 0);
	if (key.ctrl && input === 'k') return result(chars.slice(0, at), at);
	if (key.ctrl && input === 'w') {
		let start = at;
		while (start > 0 && separator.test(chars[start - 1]!)) start--;
		while (start > 0 && !separator.test(chars[start - 1]!)) start--;
		return result([...chars.slice(0, start), ...chars.slice(at)], start);
	}
	if (key.ctrl || key.meta || key.escape || key.return || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.f1) return undefined;
	// Pasted text arrives as one input; what the terminal filter would not show as it is (control
	// characters, line breaks, bidirectional overrides) is dropped.
	const typed = [...input].filter(char => printable(char) === char);
	if (typed.length === 0) return undefined;
	return result([...chars.slice(0, at), ...typed, ...chars.slice(at)], at + typed.length);
}
