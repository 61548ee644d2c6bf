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

/** Keeps a cursor inside 0..count-1 (or 0 for an empty list). */
export function clampCursor(cursor: number, count: number): number {
	return count === 0 ? 0 : Math.min(Math.max(0, cursor), count - 1);
}
