// The console's export writer on a file that cannot be opened: the rows are read back from disk
// while the file opens, so the failure arrives mid-read. It must be one clear rejection naming the
// file, never an uncaught error (which would take the console down mid-session).

import test from 'ava';
import {mkdir, mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {exportViewToFile} from '../../source/adapters/run-export.js';

test('an export file that cannot be opened while rows stream in rejects naming the file', async t => {
	const folder = await mkdtemp(join(tmpdir(), 'tenantdeck-export-'));
	t.teardown(() => rm(folder, {recursive: true, force: true}));
	const path = join(folder, 'rows.csv');
	await mkdir(path);
	let read = 0;
	const rows = async function * () {
		for (let index = 0; index < 50; index++) {
			await nextTurn();
			read++;
			yield {name: `row ${index}`};
		}
	};
	const error = await t.throwsAsync(exportViewToFile({runs: [], columns: ['name'], rows, format: 'csv', path, title: 'rows'}));
	t.is(error?.message, `Cannot write to ${path}: a folder has that name (EISDIR).`);
	t.true(read > 0, 'the failure came while the rows were being read');
});
