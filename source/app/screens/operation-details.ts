// The highlighted operation's description and PowerShell under the picker's list, wrapped to the
// width and cut to the rows left: on a short terminal they do not fit, and text Ink wraps past
// its pane is drawn over the rows below it.

import type {AnyOperation} from '../../core/operation.js';
import {firstLines, wrapText} from '../../core/reports/text-width.js';

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
		description: firstLines(description, forDescription, width, ellipsis),
		powershell: firstLines(powershell, forPowershell, width - indent.length, ellipsis).map(line => indent + line),
	};
}
