// The journal file of open Exchange connections: what is opened stays listed until struck, a connect
// is listed from before it is sent until its connection replaces it or it is struck, a torn last
// line from a crash loses nothing else, and the file is emptied once nothing is open or connecting.

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

test('a connect stays listed as connecting until its opened line replaces it or a struck line ends it; a fresh reader sees the same', async t => {
	const path = connectionJournalPath(await mkdtemp(join(tmpdir(), 'tenantdeck-journal-')));
	const journal = fileConnectionJournal(path);
	const intent = (intentId: string, tenantId: string) => ({intentId, tenantId, startedAt: '2026-11-29T20:00:00.000Z', pid: 4242, workerPid: 5151});
	await journal.connecting(intent('i-a', 'tenant-a'));
	await journal.connecting(intent('i-b', 'tenant-b'));
	await journal.connecting(intent('i-c', 'tenant-c'));
	// SIGKILL here: the next start reads every connect in flight, with the PowerShell process that sent it.
	t.deepEqual(await fileConnectionJournal(path).unresolved(), [intent('i-a', 'tenant-a'), intent('i-b', 'tenant-b'), intent('i-c', 'tenant-c')]);
	t.deepEqual(await fileConnectionJournal(path).unstruck(), []);
	await journal.opened(entry('a'), 'i-a');
	await journal.struck('i-b', 'connect failed');
	t.deepEqual(await fileConnectionJournal(path).unresolved(), [intent('i-c', 'tenant-c')]);
	t.deepEqual(await fileConnectionJournal(path).unstruck(), [entry('a')]);
	const lines = (await readFile(path, 'utf8')).trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
	t.deepEqual(
		lines.map(line => [line['event'], line['intentId'] ?? line['connectionId']]),
		[['connecting', 'i-a'], ['connecting', 'i-b'], ['connecting', 'i-c'], ['opened', 'i-a'], ['struck', 'i-b']],
	);
	t.is(lines[3]!['connectionId'], 'a', 'the opened line names both the connection and the intent it replaces');
	await journal.struck('a', 'disconnected');
	t.not(await readFile(path, 'utf8'), '', 'a connect still unresolved keeps the file');
	await journal.struck('i-c', 'closed afterwards');
	t.deepEqual(await journal.unresolved(), []);
	t.is(await readFile(path, 'utf8'), '', 'nothing open or connecting: the file is emptied');
});
