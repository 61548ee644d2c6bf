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

/** The cursor after a list movement command, or undefined when the command is not a movement. */
export function moveCursor(command: string, cursor: number, count: number, page: number): number | undefined {
	const step = Math.max(1, page);
	switch (command) {
		case 'up': return clampCursor(cursor - 1, count);
		case 'down': return clampCursor(cursor + 1, count);
		case 'page-up': return clampCursor(cursor - step, count);
		case 'page-down': return clampCursor(cursor + step, count);
		case 'top': return 0;
		case 'bottom': return clampCursor(count - 1, count);
		default: return undefined;
	}
}

export const movementCommands = ['up', 'down', 'page-up', 'page-down', 'top', 'bottom'] as const;
