// A stream that fails as it is ended (the last write fills the disk, or it already failed and is
// still being torn down): endStream rejects with that failure, and streamFailure names it, even
// though Node calls end's callback before it emits 'error'. Headless --output relies on both to say
// "the disk is full", exit 5 and remove the cut-short file.

import test from 'ava';
import {Writable} from 'node:stream';
import {endStream, streamFailure, writeChunk} from '../../source/adapters/write-chunk.js';

const diskFull = () => Object.assign(new Error('ENOSPC: no space left on device, write'), {code: 'ENOSPC'});

/** A stream whose writes and teardown finish only when the test says: no timing involved. */
function heldStream() {
	const held = {failWrite: () => {}, finishTeardown: () => {}};
	const stream = new Writable({
		write(_chunk, _encoding, done) {
			held.failWrite = () => done(diskFull());
		},
		destroy(error, done) {
			held.finishTeardown = () => done(error);
		},
	});
	return {stream, held};
}

test('the last write fails while the stream is being ended: the disk-full error, not a success', async t => {
	const {stream, held} = heldStream();
	await writeChunk(stream, 'rows');
	const ended = endStream(stream);
	held.failWrite();
	const error = await t.throwsAsync(ended);
	t.is((error as NodeJS.ErrnoException).code, 'ENOSPC');
	t.is((streamFailure(stream) as NodeJS.ErrnoException | undefined)?.code, 'ENOSPC');
	held.finishTeardown();
});

test('a stream that failed and is still tearing down when it is ended: the disk-full error, not "write after destroy"', async t => {
	const {stream, held} = heldStream();
	stream.write('rows');
	held.failWrite();
	const error = await t.throwsAsync(endStream(stream));
	t.is((error as NodeJS.ErrnoException).code, 'ENOSPC');
	t.is((streamFailure(stream) as NodeJS.ErrnoException | undefined)?.code, 'ENOSPC');
	held.finishTeardown();
});
