// A one-line text field: shows the value with a block cursor when focused, or a placeholder.
// Editing is the caller's (editText), so the field stays a pure view.

import React from 'react';
import {Text} from 'ink';
import {useTheme} from '../ui/theme.js';

export type TextInputProps = {
	readonly value: string;
	readonly focused: boolean;
	/** Shown dimmed while the value is empty. */
	readonly placeholder?: string;
	/** Columns available; a long value shows its end. */
	readonly width?: number;
};

export function TextInput({value, focused, placeholder, width}: TextInputProps): React.JSX.Element {
	const theme = useTheme();
	const room = width ? Math.max(1, width - 1) : Infinity;
	const shown = value.length > room ? `…${value.slice(value.length - room + 1)}` : value;
	if (!value && placeholder) {
		return (
			<Text>
				{focused ? <Text inverse> </Text> : null}
				<Text {...theme.muted}>{placeholder}</Text>
			</Text>
		);
	}
	return (
		<Text>
			{shown}
			{focused ? <Text inverse> </Text> : null}
		</Text>
	);
}
