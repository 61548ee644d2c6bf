// Writes to a stream and waits for 'drain' only when its buffer is full, so large exports keep
// a bounded amount in memory. Every stream written here gets one lasting 'error' listener: an
// error (ENOSPC, EPIPE) is remembered and fails the next write or the end, and never reaches Node
// as an unhandled 'error' event, which would crash the process in the middle of a run.

import type {Writable} from 'node:stream';

const failures = new WeakMap<Writable, Error>();
const watched = new WeakSet<Writable>();

/** Gives `stream` its lasting error listener now: a file stream fails to open before anything is written to it. */
export function watch<S extends Writable>(stream: S): S {
	if (watched.has(stream)) return stream;
	watched.add(stream);
	stream.on('error', error => {
		if (!failures.has(stream)) failures.set(stream, error);
	});
	return stream;
}

/**
 * The error this stream failed with, if it did: the one remembered, or the one Node holds as
 * `errored` from the moment of the failure, before its 'error' event is emitted.
 */
export function streamFailure(stream: Writable): Error | undefined {
	return failures.get(stream) ?? stream.errored ?? undefined;
}

export function writeChunk(stream: Writable, text: string): Promise<void> {
	watch(stream);
	const failed = streamFailure(stream);
	if (failed) return Promise.reject(failed);
	if (stream.write(text)) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const settle = (error?: Error) => {
			stream.off('drain', settle).off('error', settle).off('close', closed);
			if (error) reject(error);
			else resolve();
		};
		const closed = () => settle(failures.get(stream) ?? new Error('The stream closed before the write finished.'));
		stream.on('drain', settle).on('error', settle).on('close', closed);
	});
}

/** Ends a stream and waits until everything written has been flushed (or it failed). */
export function endStream(stream: Writable): Promise<void> {
	watch(stream);
	const failed = streamFailure(stream);
	if (failed) {
		stream.destroy();
		return Promise.reject(failed);
	}
	// The end callback runs before the 'error' event is emitted, so the failure is read from the
	// stream itself (a file that failed to open, or a last write that filled the disk); the callback's
	// own error can be a later one ("write after destroy") that would hide the cause.
	return new Promise((resolve, reject) => {
		stream.end((error?: Error | null) => {
			const failed = streamFailure(stream) ?? error;
			if (failed) reject(failed);
			else resolve();
		});
	});
}
