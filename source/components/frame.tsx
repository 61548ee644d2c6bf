// Every screen's outline: a title line, the body at a fixed height, a notice line and the key
// hints. Fixed heights keep the frame exactly one row short of the terminal, so Ink repaints in
// place instead of clearing the screen.

import React, {type ReactNode} from 'react';
import {Box, Text} from 'ink';
import type {Command, KeyScope} from '../ui/keymap.js';
import {unicodeGlyphs, withEllipsis, type Glyphs} from '../ui/glyphs.js';
import {useTheme, type TextStyle} from '../ui/theme.js';
import {KeyHints} from './key-hints.js';
import {clip, displayWidth, firstLines, wrapText} from '../core/reports/text-width.js';

export type Notice = {readonly tone: 'info' | 'success' | 'danger'; readonly text: string};

export type FrameProps = {
	readonly title: string;
	/** Right-hand side of the title line (who is signed in, which cloud). */
	readonly status?: string;
	readonly width: number;
	/** Rows the frame may use with a one-line notice (see noticeRows). */
	readonly height: number;
	readonly contexts: readonly KeyScope[];
	/** Commands the screen handles right now, so the footer lists only keys that work. */
	readonly available?: ReadonlySet<Command>;
	readonly notice?: Notice;
	readonly children: ReactNode;
};

/** Rows a frame keeps for itself (title, notice, footer). */
export const frameChrome = 3;

/**
 * Most rows a notice may take: a write's "Changes recorded in <audit log>" after its tally, or an
 * export's path under a deep home folder, is whole at 60 columns.
 */
export const noticeMostRows = 4;

/**
 * The notice in rows of the width, as they are drawn (Ink does not wrap them again, so the App can
 * count them). A path wider than a row goes on over the next rows, broken after a "/" (wrapText),
 * so its file name is never cut off. Only past noticeMostRows is the last row cut, with the ellipsis.
 */
export function noticeLines(notice: Notice | undefined, width: number, glyphs: Glyphs = unicodeGlyphs): string[] {
	if (!notice) return [''];
	return firstLines(wrapText(withEllipsis(notice.text, glyphs), width), noticeMostRows, width, glyphs.ellipsis);
}

/**
 * Rows the notice takes (see noticeLines). The App gives the screen that many rows less than one,
 * and the frame adds them back under the body.
 */
export function noticeRows(notice: Notice | undefined, width: number, glyphs?: Glyphs): number {
	return noticeLines(notice, width, glyphs).length;
}

/** The end of the text in at most `size` columns: the start gives way. */
export function clipStart(text: string, size: number, ellipsis: string): string {
	if (displayWidth(text) <= size) return text;
	const reversed = [...text].reverse().join('');
	return ellipsis + [...clip(reversed, size - displayWidth(ellipsis), '')].reverse().join('');
}

export function Frame({title, status, width, height, contexts, available, notice, children}: FrameProps): React.JSX.Element {
	const theme = useTheme();
	const tone: TextStyle = notice?.tone === 'danger' ? theme.danger : notice?.tone === 'success' ? theme.success : theme.muted;
	const {ellipsis, separator} = theme.glyphs;
	const heading = clip(`tenantdeck ${separator} ${title}`, width, ellipsis);
	// The status gives way to the title: clipped from the left (the end says which cloud), or gone.
	const room = width - displayWidth(heading) - 2;
	const statusText = !status || room < 12 ? '' : clipStart(status, room, ellipsis);
	const lines = noticeLines(notice, width, theme.glyphs);
	const extra = lines.length - 1;
	return (
		<Box flexDirection="column" width={width} height={height + extra}>
			<Box height={1} width={width}>
				<Box flexGrow={1}><Text wrap="truncate" {...theme.accent}>{heading}</Text></Box>
				{statusText ? <Text {...theme.muted}>{statusText}</Text> : null}
			</Box>
			{/* Clipped top and bottom only: a sideways clip re-slices every line's ANSI text each frame. */}
			<Box flexDirection="column" height={Math.max(1, height - frameChrome)} overflowY="hidden">{children}</Box>
			<Box height={1 + extra} flexDirection="column">{lines.map((line, index) => <Text key={index} wrap="truncate" {...tone}>{line}</Text>)}</Box>
			{/* The quit box's keys are the App's own (key-router), live whenever it is open, whatever the screen handles. */}
			<Box height={1}><KeyHints contexts={contexts} width={width} available={contexts.includes('quit-ask') ? undefined : available} /></Box>
		</Box>
	);
}
