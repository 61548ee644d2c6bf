// The `?` overlay: every key that works on the current screen, grouped, from the keymap table.

import React from 'react';
import {Box, Text} from 'ink';
import {bindingsFor, scopeTitles, keyLabel, type KeyScope} from '../ui/keymap.js';
import {useTheme} from '../ui/theme.js';

export type HelpOverlayProps = {
	/** The contexts of the screen underneath, most specific first. */
	readonly contexts: readonly KeyScope[];
	readonly width: number;
	readonly height: number;
	/** One or two sentences about the screen underneath. */
	readonly about?: string;
};

export function HelpOverlay({contexts, width, height, about}: HelpOverlayProps): React.JSX.Element {
	const theme = useTheme();
	const lines: React.JSX.Element[] = [];
	const shown = new Set<string>();
	for (const context of contexts) {
		const bindings = bindingsFor([context]).filter(binding => !shown.has(binding.command));
		if (bindings.length === 0) continue;
		lines.push(<Text key={`title-${context}`} {...theme.accent}>{scopeTitles[context] ?? context}</Text>);
		for (const binding of bindings) {
			shown.add(binding.command);
			const keys = binding.keys.map(keyLabel).join(' / ');
			lines.push(
				<Text key={binding.command} wrap="truncate">
					{'  '}{keys.padEnd(16)} <Text {...theme.muted}>{binding.description}</Text>
				</Text>,
			);
		}
	}
	const room = Math.max(1, height - 4 - (about ? 2 : 0));
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle={theme.glyphs.border} borderColor={theme.border} paddingX={1}>
			<Text {...theme.accent}>Keys on this screen</Text>
			{about ? <Text wrap="wrap">{about}</Text> : null}
			{about ? <Text> </Text> : null}
			{lines.slice(0, room)}
			{lines.length > room ? <Text {...theme.muted}>…make the window taller to see {lines.length - room} more</Text> : null}
		</Box>
	);
}
