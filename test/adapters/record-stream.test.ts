// The side channel's tail: rows with names in any script arrive whole even when the file is read
// while PowerShell's write of a line is half done (its file buffer is flushed at 4 KB, which can fall
// inside a character).

import {appendFile} from 'node:fs/promises';
import test from 'ava';
import {RecordStream} from '../../source/adapters/powershell/record-stream.js';
import type {StreamRecord} from '../../source/core/supervisor-ports.js';

test('a line read while half written, cut inside a character, arrives whole', async t => {
	const records: StreamRecord[] = [];
	// No polling: only the reads this test asks for.
	const stream = await RecordStream.open(record => records.push(record), 3_600_000);
	const displayName = '東京 Ünïcode 😀 مرحبا';
	const line = Buffer.from(`R${JSON.stringify({displayName})}\n`);
	for (const character of ['京', 'Ü', '😀', 'ر']) {
		records.length = 0;
		const cut = line.indexOf(Buffer.from(character)) + 1;
		await appendFile(stream.path, line.subarray(0, cut));
		await stream.wake();
		await appendFile(stream.path, line.subarray(cut));
		await stream.wake();
		t.deepEqual(records, [{kind: 'row', value: {displayName}}], `cut inside ${character}`);
	}
	await stream.close();
});
