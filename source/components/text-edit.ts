// Editing a one-line text field from key presses, at a cursor: typing and pasting insert at the
// cursor; the keymap's 'text' bindings (the shell's line keys: ←/→, Home/End or Ctrl+A/Ctrl+E,
// Backspace/Delete, Ctrl+W, Ctrl+U, Ctrl+K) move it or delete, each through its command below, so
// help names exactly what the field does. Any other key is not the field's (undefined), so the
// screen may use it. The cursor is a code-point position; it moves and deletes by whole characters
// as drawn (graphemes), so an emoji with its skin tone, or a letter with its accent, is one step.

import {printable} from '../core/reports/columns.js';
import {graphemeList} from '../core/reports/graphemes.js';
import {findBinding, type CommandIn, type PressedKey} from '../ui/keymap.js';

export type TextEdit = {readonly value: string; readonly cursor: number};

/** Characters a Ctrl+W stops at: spaces and the commas that separate list entries. */
const separator = /[\s,;]/u;

type EditCommand = Exclude<CommandIn<'text'>, 'help' | 'interrupt'>;

/** What each of the field's commands does to its characters (graphemes) and the cursor between them (at). */
const edits: {readonly [C in EditCommand]: (chars: string[], at: number) => [chars: string[], cursor: number]} = {
	'cursor-left': (chars, at) => [chars, Math.max(0, at - 1)],
	'cursor-right': (chars, at) => [chars, Math.min(chars.length, at + 1)],
	'line-start': chars => [chars, 0],
	'line-end': chars => [chars, chars.length],
	'delete-back': (chars, at) => (at === 0 ? [chars, 0] : [[...chars.slice(0, at - 1), ...chars.slice(at)], at - 1]),
	'delete-forward': (chars, at) => [[...chars.slice(0, at), ...chars.slice(at + 1)], at],
	'delete-word': (chars, at) => {
		let start = at;
		while (start > 0 && separator.test(chars[start - 1]!)) start--;
		while (start > 0 && !separator.test(chars[start - 1]!)) start--;
		return [[...chars.slice(0, start), ...chars.slice(at)], start];
	},
	'delete-to-start': (chars, at) => [chars.slice(at), 0],
	'delete-to-end': (chars, at) => [chars.slice(0, at), at],
};

const isEdit = (command: string): command is EditCommand => Object.hasOwn(edits, command);

export function editText(value: string, cursor: number, input: string, key: PressedKey): TextEdit | undefined {
	const cells = graphemeList(value);
	const at = characterAt(cells, cursor);
	const edited = (next: string[], to: number): TextEdit => ({value: next.join(''), cursor: [...next.slice(0, to).join('')].length});
	const binding = findBinding(['text'], input, key, isEdit);
	if (binding && isEdit(binding.command)) return edited(...edits[binding.command](cells, at));
	if (key.ctrl || key.meta || key.escape || key.return || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.f1) return undefined;
	// Pasted text arrives as one input; what the terminal filter would not show as it is (control
	// characters, line breaks, bidirectional overrides) is dropped.
	const typed = [...input].filter(char => printable(char) === char).join('');
	if (typed === '') return undefined;
	return edited([...cells.slice(0, at), typed, ...cells.slice(at)], at + 1);
}

/** The index of the character holding code point `cursor`, or the end (characters.length). */
export function characterAt(characters: readonly string[], cursor: number | undefined): number {
	if (cursor === undefined) return characters.length;
	let at = 0;
	for (let passed = 0; at < characters.length; at++) {
		passed += [...characters[at]!].length;
		if (passed > cursor) break;
	}
	return at;
}
