// A list that renders only the rows on screen, so 5,000 tenants cost what 20 do. A list longer
// than its room says how many rows lie below (and above) on its last line.

import React, {useRef, type ReactNode} from 'react';
import {Box, Text} from 'ink';
import {useTheme} from '../ui/theme.js';
import {hiddenText, rowsShown, windowStart} from './window.js';

export type WindowedListProps<T> = {
	/** Everything in the list; only the visible slice is rendered. */
	readonly items: readonly T[];
	readonly cursor: number;
	/** Rows available on screen. */
	readonly height: number;
	/** Renders one row; isCursor is true for the row under the cursor. */
	readonly renderItem: (item: T, index: number, isCursor: boolean) => ReactNode;
	/** Shown when the list is empty. */
	readonly empty?: ReactNode;
};

export function WindowedList<T>({items, cursor, height, renderItem, empty}: WindowedListProps<T>): React.JSX.Element {
	const theme = useTheme();
	const previous = useRef(0);
	const shown = rowsShown(items.length, height);
	const start = windowStart(previous.current, cursor, items.length, shown);
	previous.current = start;
	if (items.length === 0) {
		return <Box height={height} flexDirection="column">{typeof empty === 'string' ? <Text {...theme.muted}>{empty}</Text> : empty}</Box>;
	}
	const rows: ReactNode[] = [];
	const end = Math.min(items.length, start + shown);
	for (let index = start; index < end; index++) {
		// Clipped top and bottom only: a sideways clip makes Ink re-slice every row's ANSI text on
		// every frame (the bulk of a filter keystroke at 5,000 tenants); rows already fit their width.
		rows.push(<Box key={index} height={1} overflowY="hidden">{renderItem(items[index]!, index, index === cursor)}</Box>);
	}
	if (shown < height) rows.push(<Text key="hidden" wrap="truncate" {...theme.muted}>{`  ${hiddenText(start, shown, items.length)}`}</Text>);
	// flexShrink 0: when what follows the list (a wrapped description) outgrows the screen, the list
	// keeps its rows and the text below is cut; a squeezed list would draw its rows over each other.
	return <Box height={height} flexShrink={0} flexDirection="column" overflowY="hidden">{rows}</Box>;
}
