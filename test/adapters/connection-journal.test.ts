// The journal file of open Exchange connections: what is opened stays listed until struck, a torn
// last line from a crash loses nothing else, and the file is emptied once nothing is open.

import test from 'ava';
import {appendFile, mkdtemp, readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {connectionJournalPath, fileConnectionJournal} from '../../source/adapters/powershell/connection-journal.js';

const entry = (connectionId: string) => ({tenantId: `tenant-${connectionId}`, connectionId, openedAt: '2026-11-29T20:00:00.000Z', pid: 4242});

test('opened connections stay listed until struck; a torn line from a crash is skipped; an all-struck journal is emptied', async t => {
	const path = connectionJournalPath(await mkdtemp(join(tmpdir(), 'tenantdeck-journal-')), 'sandbox-1234');
	t.regex(path, /exchange-connections\.sandbox-1234\.jsonl$/);
	const journal = fileConnectionJournal(path);
	await journal.opened(entry('a'));
	await journal.opened(entry('b'));
	// A crash mid-write leaves half a line.
	await appendFile(path, '{"event":"opened","tenantId":"x","conn');
	t.deepEqual(await journal.unstruck(), [entry('a'), entry('b')]);
	await appendFile(path, '\n');
	await journal.struck('a', 'disconnected');
	t.deepEqual(await fileConnectionJournal(path).unstruck(), [entry('b')], 'a fresh reader (the next start) sees the same');
	await journal.struck('b', 'closed afterwards');
	t.deepEqual(await journal.unstruck(), []);
	t.is(await readFile(path, 'utf8'), '', 'nothing open: the file is emptied, not left to grow');
});

test('a journal that does not exist yet lists nothing', async t => {
	const journal = fileConnectionJournal(join(await mkdtemp(join(tmpdir(), 'tenantdeck-journal-')), 'missing', 'journal.jsonl'));
	t.deepEqual(await journal.unstruck(), []);
});
