// The footer: the keys that work on this screen, from the keymap, trimmed to the width.

import React from 'react';
import {Text} from 'ink';
import {fitHints, hintsFor, type Command, type KeyScope} from '../ui/keymap.js';
import {useTheme} from '../ui/theme.js';

export type KeyHintsProps = {
	/** The contexts active on this screen, most specific first. */
	readonly contexts: readonly KeyScope[];
	readonly width: number;
	/** Commands the screen handles right now; others are left out. */
	readonly available?: ReadonlySet<Command>;
};

export function KeyHints({contexts, width, available}: KeyHintsProps): React.JSX.Element {
	const theme = useTheme();
	const hints = fitHints(hintsFor(contexts, available), width);
	return (
		<Text wrap="truncate">
			{hints.map((hint, index) => (
				<Text key={hint.label}>
					{index > 0 ? '  ' : ''}
					<Text {...theme.accent}>{hint.keys}</Text>
					<Text {...theme.muted}>{` ${hint.label}`}</Text>
				</Text>
			))}
		</Text>
	);
}
