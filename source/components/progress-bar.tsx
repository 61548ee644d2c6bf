// A progress bar made of block characters (# and . on an ASCII terminal), readable without colour.

import React from 'react';
import {Text} from 'ink';
import {useTheme} from '../ui/theme.js';

export function progressCells(done: number, total: number, width: number): {filled: number; empty: number} {
	const size = Math.max(0, width);
	const filled = total <= 0 ? 0 : Math.min(size, Math.floor((done / total) * size));
	return {filled, empty: size - filled};
}

export type ProgressBarProps = {
	/** Finished items (done, failed or cancelled). */
	readonly done: number;
	readonly total: number;
	/** Width of the bar itself in columns. */
	readonly width: number;
	/** True when something failed, so the bar says so at a glance. */
	readonly failed?: boolean;
};

export function ProgressBar({done, total, width, failed}: ProgressBarProps): React.JSX.Element {
	const theme = useTheme();
	const {filled, empty} = progressCells(done, total, width);
	return (
		<Text>
			<Text {...(failed ? theme.warning : theme.success)}>{theme.glyphs.barDone.repeat(filled)}</Text>
			<Text {...theme.muted}>{theme.glyphs.barLeft.repeat(empty)}</Text>
		</Text>
	);
}
