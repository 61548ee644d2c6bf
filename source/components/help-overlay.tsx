// The `?` overlay: every key that works on the current screen, grouped, from the keymap table.
// It scrolls (↑/↓, PgUp/PgDn) and says how many keys lie above and below; the heading and the
// screen's sentence have rows of their own, so no width or height pushes them off.

import React from 'react';
import {Box, Text} from 'ink';
import type {HelpLayout} from '../app/state/help-lines.js';
import {clip, fitEnd} from '../core/reports/text-width.js';
import {useTheme} from '../ui/theme.js';

export type HelpOverlayProps = {
	readonly layout: HelpLayout;
	/** First key line shown. */
	readonly scroll: number;
	readonly width: number;
	readonly height: number;
};

export function HelpOverlay({layout, scroll, width, height}: HelpOverlayProps): React.JSX.Element {
	const theme = useTheme();
	const inner = Math.max(10, width - 4);
	const start = Math.min(Math.max(0, scroll), layout.limit);
	const shown = layout.lines.slice(start, start + layout.room);
	const below = layout.lines.length - start - shown.length;
	const {keyWidth} = layout;
	const {up, down, ellipsis, separator, border} = theme.glyphs;
	const more = [start > 0 ? `${up} ${start} above` : '', below > 0 ? `${down} +${below} more` : '', start > 0 || below > 0 ? `${up}${down} PgUp PgDn scroll` : '', 'Esc close'].filter(Boolean).join(` ${separator} `);
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle={border} borderColor={theme.border} paddingX={1}>
			<Box height={1} flexShrink={0}><Text wrap="truncate" {...theme.accent}>Keys on this screen</Text></Box>
			{layout.about.map((row, index) => <Box key={`about-${index}`} height={1} flexShrink={0}><Text wrap="truncate">{row}</Text></Box>)}
			<Box height={1} flexShrink={0}><Text> </Text></Box>
			<Box flexDirection="column" height={layout.room} flexShrink={0} overflow="hidden">
				{shown.map((line, index) => (
					<Box key={`${start + index}`} height={1}>
						{line.kind === 'title'
							? <Text wrap="truncate" {...theme.accent}>{clip(line.text, inner, ellipsis)}</Text>
							: <Text wrap="truncate">{'  '}{fitEnd(line.keys, keyWidth, ellipsis)} <Text {...theme.muted}>{clip(line.text, Math.max(1, inner - keyWidth - 3), ellipsis)}</Text></Text>}
					</Box>
				))}
			</Box>
			<Box height={1} flexShrink={0}><Text wrap="truncate" {...theme.muted}>{more}</Text></Box>
		</Box>
	);
}
