// A one-line text field: the value with the cursor drawn as an inverse cell where the next
// character goes, or a placeholder. Editing is the caller's (editText), so the field stays a pure view.

import React from 'react';
import {Text} from 'ink';
import {graphemeList} from '../core/reports/graphemes.js';
import {clip, clipStart, displayWidth} from '../core/reports/text-width.js';
import {useTheme} from '../ui/theme.js';
import {characterAt} from './text-edit.js';

export type TextInputProps = {
	readonly value: string;
	readonly focused: boolean;
	/** Shown dimmed while the value is empty. */
	readonly placeholder?: string;
	/** Columns available; a long value shows the part around the cursor. */
	readonly width?: number;
	/** Cursor position in code points; undefined means the end. */
	readonly cursor?: number;
};

export function TextInput({value, focused, placeholder, width, cursor}: TextInputProps): React.JSX.Element {
	const theme = useTheme();
	// A clipped side shows the glyphs' ellipsis ("..." on an ASCII terminal, three columns) rather
	// than a "…" the ASCII guard would read as a cut end and widen over the prompt before the field.
	const mark = theme.glyphs.ellipsis;
	const room = width || Infinity;
	if (!value && placeholder) {
		return (
			<Text>
				{focused ? <Text inverse> </Text> : null}
				<Text {...theme.muted}>{clip(placeholder, room - (focused ? 1 : 0), mark)}</Text>
			</Text>
		);
	}
	if (!focused) return <Text>{clip(value, room, mark)}</Text>;
	// Columns, not characters (a CJK character takes two), and cuts only between graphemes, so an
	// emoji or an accent stays whole. The cursor is on the grapheme that holds its code point.
	const cells = graphemeList(value);
	const at = characterAt(cells, cursor);
	// The cursor cell always shows: past the end, or on a grapheme of no width, it is a space.
	const under = displayWidth(cells[at] ?? '') > 0 ? cells[at]! : ` ${cells[at] ?? ''}`;
	const following = cells.slice(at + 1).join('');
	// The text before the cursor takes what the cursor cell leaves, less a column of what follows
	// and its mark; what follows then takes the rest.
	const before = clipStart(cells.slice(0, at).join(''), room - displayWidth(under) - Math.min(displayWidth(following), 1 + displayWidth(mark)), mark);
	const after = clip(following, room - displayWidth(before) - displayWidth(under), mark);
	return (
		<Text>
			{before}
			<Text inverse>{under}</Text>
			{after}
		</Text>
	);
}
