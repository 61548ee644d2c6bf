// The confirmation's list of names no selected tenant can take (not selected, no owner, no such
// user, ambiguous), each with its nearest match. Lines are wrapped here, not by Ink, so the rows
// they take are known: whole problems fit in the body, "+N more" counts exactly the rest, and the
// sentence with the keys that fix them is never pushed off a small terminal.

import React from 'react';
import {Box, Text} from 'ink';
import {useTheme} from '../../ui/theme.js';
import {wrapText} from '../../core/reports/text-width.js';
import {counted, describeProblem, type WritePlan} from '../../core/write-targets.js';

const indent = '  ';
/** A problem's further lines sit deeper, so where one problem ends and the next begins shows. */
const hanging = '    ';
const fixText = 'Press Esc to fix them in the form (what you typed is kept), or Ctrl+D to drop them and change only the rest.';
// A retry's confirmation came from the run, and Esc goes back there (navigation.ts).
const retryFixText = 'Press Ctrl+D to drop them and retry only the rest, or Esc to go back to the run.';

export type ProblemLayout = {
	readonly heading: readonly string[];
	/** Each shown problem's wrapped lines, in the plan's order. */
	readonly shown: ReadonlyArray<readonly string[]>;
	/** Problems not shown. */
	readonly more: number;
	readonly fix: readonly string[];
};

/** What fits in `rows` rows of `width` columns: the heading, whole problems, "+N more", the fix keys. */
export function problemLayout(plan: WritePlan, width: number, rows: number, retry = false): ProblemLayout {
	const noun = plan.declaration?.noun ?? 'target';
	const heading = wrapText(`Nothing runs yet: ${counted(plan.problems.length, noun)} cannot be matched to the selected tenants.`, width);
	const fix = wrapText(retry ? retryFixText : fixText, width);
	const wrapped = plan.problems.map(problem => wrapText(describeProblem(problem, noun), width - hanging.length).map((line, index) => `${index === 0 ? indent : hanging}${line}`));
	// The blank line before the keys goes first when rows are short; the keys never do.
	const room = rows - heading.length - fix.length - (rows - heading.length - fix.length > 2 ? 1 : 0);
	const total = wrapped.reduce((sum, lines) => sum + lines.length, 0);
	const budget = total <= room ? room : room - 1;
	const shown: string[][] = [];
	let used = 0;
	for (const lines of wrapped) {
		if (used + lines.length > budget) break;
		shown.push(lines);
		used += lines.length;
	}
	return {heading, shown, more: plan.problems.length - shown.length, fix};
}

export type ProblemListProps = {
	readonly plan: WritePlan;
	readonly width: number;
	/** Rows the frame's body has. */
	readonly rows: number;
	/** A retry's confirmation: Esc goes back to the run, not to the form. */
	readonly retry?: boolean;
};

export function ProblemList({plan, width, rows, retry}: ProblemListProps): React.JSX.Element {
	const theme = useTheme();
	const layout = problemLayout(plan, width, rows, retry);
	const used = layout.heading.length + layout.shown.reduce((sum, lines) => sum + lines.length, 0) + (layout.more > 0 ? 1 : 0) + layout.fix.length;
	return (
		<Box flexDirection="column">
			{layout.heading.map((line, index) => <Text key={`h${index}`} {...theme.danger} wrap="truncate">{line}</Text>)}
			{layout.shown.flatMap((lines, problem) => lines.map((line, index) => <Text key={`p${problem}.${index}`} wrap="truncate">{line}</Text>))}
			{layout.more > 0 ? <Text {...theme.muted} wrap="truncate">{`${indent}+${layout.more} more`}</Text> : null}
			{used < rows ? <Text> </Text> : null}
			{layout.fix.map((line, index) => <Text key={`f${index}`} wrap="truncate">{keysInAccent(line, theme.accent)}</Text>)}
		</Box>
	);
}

/** The key names in the sentence stand out, wherever the wrap put them. */
function keysInAccent(line: string, accent: ReturnType<typeof useTheme>['accent']): React.ReactNode[] {
	return line.split(/(Esc|Ctrl\+D)/).map((part, index) => (part === 'Esc' || part === 'Ctrl+D' ? <Text key={index} {...accent}>{part}</Text> : part));
}
