// A table that renders only the rows and columns on screen: a header with the sort arrow, the
// highlighted column underlined, the cursor row inverted, and "+N more below" when rows are hidden.

import React, {useRef} from 'react';
import {Box, Text} from 'ink';
import {useTheme} from '../ui/theme.js';
import {hiddenText, rowsShown, windowStart} from './window.js';
import {columnGap, layoutColumns} from './table-layout.js';
import {fitEnd} from '../core/reports/text-width.js';

export type WindowedTableProps = {
	readonly columns: readonly string[];
	/** Widest cell per column, measured once. */
	readonly natural: readonly number[];
	/** Number of rows in display order. */
	readonly count: number;
	/** Cell text of a row by display position. */
	readonly cellsAt: (position: number) => readonly string[];
	readonly cursor: number;
	/** Highlighted column index. */
	readonly column: number;
	readonly sort?: {readonly column: string; readonly descending: boolean};
	readonly width: number;
	/** Rows available including the header. */
	readonly height: number;
};

export function WindowedTable(props: WindowedTableProps): React.JSX.Element {
	const {columns, natural, count, cellsAt, cursor, column, sort, width, height} = props;
	const theme = useTheme();
	const previous = useRef(0);
	const slices = layoutColumns(natural, column, width);
	const {ellipsis, up, down} = theme.glyphs;
	const room = Math.max(1, height - 1);
	const bodyHeight = rowsShown(count, room);
	const start = windowStart(previous.current, cursor, count, bodyHeight);
	previous.current = start;
	const gap = ' '.repeat(columnGap);
	const header = slices.map((slice, position) => {
		const name = columns[slice.index]!;
		const arrow = sort?.column === name ? (sort.descending ? down : up) : '';
		const label = fitEnd(name + arrow, slice.width, ellipsis);
		const style = slice.index === column ? {...theme.accent, underline: true} : theme.accent;
		return <Text key={name}>{position > 0 ? gap : ''}<Text {...style}>{label}</Text></Text>;
	});
	const lines: React.JSX.Element[] = [];
	for (let position = start; position < Math.min(count, start + bodyHeight); position++) {
		const cells = cellsAt(position);
		const text = slices.map(slice => fitEnd(cells[slice.index] ?? '', slice.width, ellipsis)).join(gap);
		lines.push(<Text key={position} wrap="truncate" {...(position === cursor ? theme.cursor : {})}>{text}</Text>);
	}
	if (bodyHeight < room) lines.push(<Text key="hidden" wrap="truncate" {...theme.muted}>{hiddenText(start, bodyHeight, count)}</Text>);
	return (
		<Box flexDirection="column" height={height} flexShrink={0} overflow="hidden">
			<Text wrap="truncate">{header}</Text>
			{lines}
		</Box>
	);
}
