// Which slice of a long list is on screen. The window moves only when the cursor would leave it
// (like k9s), so the list does not jump under the user's eyes while they move within a page.

export function windowStart(previous: number, cursor: number, count: number, height: number): number {
	if (height <= 0 || count <= height) return 0;
	const last = count - height;
	let start = Math.min(Math.max(0, previous), last);
	if (cursor < start) start = cursor;
	else if (cursor >= start + height) start = cursor - height + 1;
	return Math.min(Math.max(0, start), last);
}

/**
 * Rows a clipped list shows when one row goes to saying how many are not shown; a list that fits
 * keeps every row.
 */
export function rowsShown(count: number, height: number): number {
	return count <= height ? height : Math.max(1, height - 1);
}

/** "+4,960 more below · 12 above": what a clipped list does not show, or '' when nothing is hidden. */
export function hiddenText(start: number, shown: number, count: number): string {
	const below = Math.max(0, count - start - shown);
	const parts = [below > 0 ? `+${thousands(below)} more below` : '', start > 0 ? `${thousands(start)} above` : ''].filter(Boolean);
	return parts.join(', ');
}

/** 4960 → "4,960". Not toLocaleString: Intl costs milliseconds per call, and this runs every frame. */
function thousands(value: number): string {
	return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Keeps a cursor inside 0..count-1 (or 0 for an empty list). */
export function clampCursor(cursor: number, count: number): number {
	return count === 0 ? 0 : Math.min(Math.max(0, cursor), count - 1);
}
