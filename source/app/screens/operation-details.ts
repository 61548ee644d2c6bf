// The highlighted operation's description and PowerShell under the picker's list, wrapped to the
// width and cut to the rows left: on a short terminal they do not fit, and text Ink wraps past
// its pane is drawn over the rows below it.

import type {AnyOperation} from '../../core/operation.js';
import {clip, wrapText} from '../../core/reports/text-width.js';

export type OperationDetails = {
	readonly description: readonly string[];
	/** The PowerShell's rows, indented; none when not even one row is left for it. */
	readonly powershell: readonly string[];
};

/** Rows the details take besides the text: the heading, and "What this runs" above the PowerShell. */
const headingRows = 1;
const labelRows = 1;
const indent = '  ';

/**
 * The first `most` lines; when lines are left out, the last one shown ends in the ellipsis so the
 * cut is seen (the next word never fits on a wrapped line, so the clip always marks it).
 */
export function cutLines(lines: readonly string[], most: number, width: number, ellipsis: string): string[] {
	if (lines.length <= most) return [...lines];
	if (most <= 0) return [];
	const kept = lines.slice(0, most);
	kept[most - 1] = clip(`${kept[most - 1]!} ${lines[most]!}`, width, ellipsis);
	return kept;
}

/**
 * The details in `rows` rows. The description is what a person picks by, so it keeps its rows
 * first; the PowerShell gets what is left, at least its first row while the description can give
 * way for it.
 */
export function operationDetails(operation: AnyOperation, width: number, rows: number, ellipsis: string): OperationDetails {
	const description = wrapText(operation.description, width);
	const powershell = wrapText(operation.powershell, width - indent.length);
	const room = Math.max(0, rows - headingRows);
	const whole = room >= description.length + labelRows + 1;
	// One description row, the label and one PowerShell row: less than that, the description takes it all.
	const withPowershell = room >= 1 + labelRows + 1;
	const forDescription = whole ? description.length : withPowershell ? room - labelRows - 1 : room;
	const forPowershell = withPowershell ? room - forDescription - labelRows : 0;
	return {
		description: cutLines(description, forDescription, width, ellipsis),
		powershell: cutLines(powershell, forPowershell, width - indent.length, ellipsis).map(line => indent + line),
	};
}
