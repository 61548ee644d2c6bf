// The terminal's size, updated on resize. Screens lay out to exactly this, so nothing scrolls
// off the alternate screen. Streams without a size (pipes, ink-testing-library) count as 80×24.

import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

export type TerminalSize = {readonly columns: number; readonly rows: number};

export function sizeOf(stream: {columns?: number; rows?: number}): TerminalSize {
	return {columns: stream.columns || 80, rows: stream.rows || 24};
}

export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => sizeOf(stdout));
	useEffect(() => {
		const update = () => setSize(previous => {
			const next = sizeOf(stdout);
			return next.columns === previous.columns && next.rows === previous.rows ? previous : next;
		});
		stdout.on('resize', update);
		return () => {
			stdout.off('resize', update);
		};
	}, [stdout]);
	return size;
}
