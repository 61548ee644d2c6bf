// Standard output that cannot be written, for the headless commands. Most of their writes are plain,
// so a failed one came back as an 'error' event nobody listened to: a stack trace and exit 1, the
// code for a bug. Now the reader going away (`tenantdeck ops | head -1`) is nothing to report: the
// command's own exit code stands. Output that cannot be stored (`> /dev/full`, a full disk) is one
// line and exit code 5, said once: by the command if it noticed (run), else here when it ends, or
// at once if the failure comes later. Any other failure (a hung-up terminal's EIO) goes on to
// teardown as before.

import type {Writable} from 'node:stream';
import {exitCodes} from '../core/exit-codes.js';
import {describeError, type TenantdeckError} from '../core/errors.js';
import {isStorageError, outputError} from './storage-error.js';

export type GuardedOutput = {
	/** The command ended with `code`: the exit code to use, said in one line if output failed unnoticed. */
	readonly settle: (code: number) => number;
	/** Stops guarding (the console takes the terminal over). */
	readonly release: () => void;
};

/** Thrown where it would have been, for teardown's handler. */
const rethrow = (error: Error) => process.nextTick(() => {
	throw error;
});

export function guardStandardOutput(stdout: Writable, stderr: Writable, setLateExitCode: (code: number) => void, notOurs: (error: Error) => void = rethrow): GuardedOutput {
	let failure: TenantdeckError | undefined;
	let settled = false;
	const say = (error: TenantdeckError) => stderr.write(`tenantdeck: ${describeError(error)}\n`);
	const onError = (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE' || failure) return;
		// EIO is a terminal that hung up (teardown.ts), not output that could not be stored.
		if (error.code === 'EIO' || !isStorageError(error)) {
			notOurs(error);
			return;
		}
		failure = outputError(error, 'to standard output');
		if (settled) {
			say(failure);
			setLateExitCode(exitCodes.storage);
		}
	};
	stdout.on('error', onError);
	return {
		settle: code => {
			settled = true;
			if (!failure || code === exitCodes.storage) return code;
			say(failure);
			return exitCodes.storage;
		},
		release: () => stdout.off('error', onError),
	};
}
