// The guided lesson's panel above every screen: which step, what to do and why; a mistake and how
// to undo it; at the end, the PowerShell the learner no longer types. It only renders: the lesson
// engine (app/lesson-runner.ts) decides what it says.

import React from 'react';
import {Box, Text} from 'ink';
import {displayWidth} from '../core/reports/text-width.js';
import type {LessonView} from '../app/state/lesson-view.js';
import {useTheme} from '../ui/theme.js';

type Line = {readonly text: string; readonly tone: 'accent' | 'danger' | 'success' | 'muted' | 'plain'; readonly single?: boolean};

/** The bar's lines before wrapping: heading first. */
export function lessonLines(view: LessonView): Line[] {
	const place = view.done ? 'done' : `step ${Math.min(view.step + 1, view.stepCount)} of ${view.stepCount}`;
	// The place first: on a narrow terminal the heading is cut at the end, never the step number.
	const heading: Line = {text: `Lesson ${place} · ${view.title}`, tone: 'accent', single: true};
	if (view.mistake) return [heading, {text: `Not quite: ${view.mistake.what}`, tone: 'danger'}, {text: `To undo: ${view.mistake.undo}`, tone: 'plain'}];
	if (view.done) {
		const after = view.next ? `Next: tenantdeck learn ${view.next}. q quits.` : 'Every lesson is done. q quits.';
		const lines: Line[] = [
			{text: `Lesson done · ${view.title}. The per-tenant PowerShell you no longer have to type:`, tone: 'success'},
			...view.powershell.map((text): Line => ({text: `  ${text}`, tone: 'muted'})),
			{text: after, tone: 'plain'},
		];
		return lines;
	}
	return [heading, {text: `Do: ${view.do ?? ''}`, tone: 'plain'}, {text: `Why: ${view.why ?? ''}`, tone: 'muted'}];
}

function rowsOf(line: Line, width: number): number {
	return line.single ? 1 : Math.max(1, Math.ceil(displayWidth(line.text) / width));
}

/** Rows the bar takes at this size: what it needs, but never more than leaves the screen usable. */
export function lessonBarRows(view: LessonView | undefined, width: number, height: number): number {
	if (!view) return 0;
	const wanted = lessonLines(view).reduce((sum, line) => sum + rowsOf(line, width), 0);
	// Steps keep to a few rows; the closing PowerShell may take more, the screen under it is done.
	const most = view.done || view.mistake ? Math.max(3, height - 10) : Math.max(3, Math.min(7, height - 12));
	return Math.min(wanted, most);
}

export type LessonBarProps = {
	readonly view: LessonView;
	readonly width: number;
	readonly rows: number;
};

export function LessonBar({view, width, rows}: LessonBarProps): React.JSX.Element {
	const theme = useTheme();
	const style = {accent: theme.accent, danger: theme.danger, success: theme.success, muted: theme.muted, plain: {}} as const;
	return (
		<Box flexDirection="column" width={width} height={rows} overflow="hidden">
			{lessonLines(view).map((line, index) => (
				// No shrinking: a line that does not fit is cut at the bottom, never drawn over the heading.
				<Box key={index} flexShrink={0} width={width}><Text wrap={line.single ? 'truncate-end' : 'wrap'} {...style[line.tone]}>{line.text}</Text></Box>
			))}
		</Box>
	);
}
