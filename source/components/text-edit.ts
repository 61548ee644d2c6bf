// Editing a one-line text field from key presses: typing appends, Backspace deletes, Ctrl+U
// clears, and any other key is not the field's (returns undefined so the screen may use it).

import type {Key} from 'ink';

export function editText(value: string, input: string, key: Key): string | undefined {
	if (key.backspace || key.delete) return value.slice(0, -1);
	if (key.ctrl && input === 'u') return '';
	if (key.ctrl || key.meta || key.escape || key.return || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown) return undefined;
	// Pasted text arrives as one input; control characters in it are dropped.
	const printable = input.replace(/[\u0000-\u001f\u007f]/g, '');
	return printable ? value + printable : undefined;
}
