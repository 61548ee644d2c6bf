// The console's quit runs the process's cleanups (core/teardown.ts): every console's connection, not
// only its own. The product holds one console per process; two in one test file at once cancel each
// other's runs when either quits, a flake that shows only on a loaded machine. So a second console
// while one is live fails its test at once, saying what to do.

import type {ExecutionContext} from 'ava';

let live = 0;

export function oneConsoleAtATime(t: ExecutionContext): void {
	if (live > 0) throw new Error('Another console is live in this process: tests that start a console must be test.serial (quitting one runs every console\'s cleanups).');
	live++;
	t.teardown(() => {
		live--;
	});
}
