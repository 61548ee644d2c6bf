// The terminal at exit after a hang-up. Node 20 restores the tty's mode at exit (ResetStdio) and
// aborts when tcsetattr fails with EIO, as it does once the terminal is gone; it skips descriptors
// that are closed by then.

import {closeSync, fstatSync} from 'node:fs';

/** Closes fds 0-2 where they are terminals; called in the 'exit' event, after which nothing is written. */
export function letGoOfTerminal(): void {
	if (process.platform === 'win32') return;
	for (const fd of [0, 1, 2]) {
		try {
			// isatty() itself fails on a hung-up terminal (TCGETS answers EIO): ask for a character device.
			if (!fstatSync(fd).isCharacterDevice()) continue;
			closeSync(fd);
		} catch {
			// Nothing else to do this late.
		}
	}
}
