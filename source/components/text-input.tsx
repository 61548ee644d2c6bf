// A one-line text field: the value with the cursor drawn as an inverse cell where the next
// character goes, or a placeholder. Editing is the caller's (editText), so the field stays a pure view.

import React from 'react';
import {Text} from 'ink';
import {useTheme} from '../ui/theme.js';

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
	if (!value && placeholder) {
		return (
			<Text>
				{focused ? <Text inverse> </Text> : null}
				<Text {...theme.muted}>{placeholder}</Text>
			</Text>
		);
	}
	const chars = [...value];
	const at = cursor === undefined ? chars.length : Math.min(Math.max(0, cursor), chars.length);
	// A clipped side shows the glyphs' ellipsis ("..." on an ASCII terminal, three columns) rather
	// than a "…" the ASCII guard would read as a cut end and widen over the prompt before the field.
	const mark = theme.glyphs.ellipsis;
	const markWidth = [...mark].length;
	if (!focused) return <Text>{width && chars.length > width ? `${chars.slice(0, Math.max(0, width - markWidth)).join('')}${mark}` : value}</Text>;
	// The cursor cell always shows; a clipped side shows the mark and takes its columns.
	const room = width ? Math.max(1 + 2 * markWidth, width) : Infinity;
	let start = 0;
	if (chars.length + 1 > room) {
		const reserveAfter = at < chars.length - 1 ? markWidth : 0;
		start = Math.max(0, at - (room - 1 - reserveAfter) + 1);
		if (start > 0) start += markWidth;
	}
	const before = (start > 0 ? mark : '') + chars.slice(start, at).join('');
	const used = (start > 0 ? markWidth : 0) + (at - start) + 1;
	const following = chars.slice(at + 1);
	const fits = following.length <= room - used;
	const after = fits ? following.join('') : `${following.slice(0, Math.max(0, room - used - markWidth)).join('')}${mark}`;
	const under = chars[at] ?? ' ';
	return (
		<Text>
			{before}
			<Text inverse>{under}</Text>
			{after}
		</Text>
	);
}
