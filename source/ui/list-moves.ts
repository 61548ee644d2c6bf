// The one set of list movement handlers (↑/↓, k/j, PgUp/PgDn, g/G, Home/End): every list screen
// asks for these instead of wiring the six commands by hand.

import type {KeyHandlers} from './key-dispatch.js';
import type {MoveCommand} from './keymap.js';

const moves: readonly MoveCommand[] = ['up', 'down', 'page-up', 'page-down', 'top', 'bottom'];

/** The cursor after a movement, kept inside 0..count-1 (0 for an empty list). */
export function moveCursor(command: MoveCommand, cursor: number, count: number, page: number): number {
	const clamp = (to: number) => (count === 0 ? 0 : Math.min(Math.max(0, to), count - 1));
	const step = Math.max(1, page);
	switch (command) {
		case 'up': return clamp(cursor - 1);
		case 'down': return clamp(cursor + 1);
		case 'page-up': return clamp(cursor - step);
		case 'page-down': return clamp(cursor + step);
		case 'top': return 0;
		case 'bottom': return clamp(count - 1);
	}
}

/** Handlers for every movement over a list of `count` items shown `page` at a time; `to` gets the new cursor. */
export function listMoves(list: {readonly cursor: number; readonly count: number; readonly page: number}, to: (cursor: number) => void): KeyHandlers<'list'> {
	return Object.fromEntries(moves.map(command => [command, () => to(moveCursor(command, list.cursor, list.count, list.page))]));
}
