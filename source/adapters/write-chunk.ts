// Writes to a stream and waits for 'drain' only when its buffer is full, so large exports keep
// a bounded amount in memory. Listeners are removed either way.

import type {Writable} from 'node:stream';

export function writeChunk(stream: Writable, text: string): Promise<void> {
	if (stream.write(text)) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const settle = (error?: Error) => {
			stream.off('drain', settle).off('error', settle);
			if (error) reject(error);
			else resolve();
		};
		stream.on('drain', settle).on('error', settle);
	});
}

/** Ends a stream and waits until everything written has been flushed (or it failed). */
export function endStream(stream: Writable): Promise<void> {
	return new Promise((resolve, reject) => {
		stream.once('error', reject);
		stream.end(() => resolve());
	});
}
