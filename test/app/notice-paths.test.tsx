// A notice that names a file (where a write's changes were recorded, an export, a run folder) at
// 60×20: the path is there whole, over as many rows as it needs, so the file name can be read; the
// frame still fits the terminal.

import test from 'ava';
import {noticeLines, noticeMostRows} from '../../source/components/frame.js';
import {displayWidth} from '../../source/core/reports/text-width.js';
import type {AppAction} from '../../source/app/state/app-reducer.js';
import type {AppState} from '../../source/app/state/app-state.js';
import {asciiGlyphs} from '../../source/ui/glyphs.js';
import {given, readOp, shownAt, stateWith, tenants, writeOp} from './fixtures.js';
import {show} from './show.js';

const size = {width: 60, height: 19};
const state = '/tmp/probe-console/home/.local/state/tenantdeck/sandbox';
const list = tenants(3);
const started: AppAction = {type: 'run', action: {type: 'run-started', generation: 1, operationId: writeOp.id, title: writeOp.title, tenants: list, at: shownAt - 5000}};
const finished: AppAction = {type: 'run', action: {type: 'run-events', generation: 1, events: list.map(tenant => ({type: 'succeeded' as const, tenant, rows: 1, durationMs: 300, at: shownAt}))}};
const runWith = (text: string): AppState => stateWith(given({screen: 'run', operation: writeOp}), started, finished, given({notice: {tone: 'success', text}}));
const resultsWith = (text: string): AppState => stateWith(given({screen: 'results', operation: readOp}), started, {type: 'results', action: {type: 'results-loaded', declared: readOp.columns, rows: [], total: 0}}, given({notice: {tone: 'success', text}}));

const squash = (text: string) => text.replace(/\s+/g, '');

/** The last rows of the frame above the key hints that together hold the notice, whole. */
function noticeIn(frame: string, text: string): string[] {
	const lines = frame.split('\n').slice(0, -1);
	for (let rows = 1; rows <= lines.length; rows++) {
		const tail = lines.slice(-rows);
		if (squash(tail.join('')) === squash(text)) return tail;
	}
	return [];
}

const notices: ReadonlyArray<readonly [string, (text: string) => AppState, string]> = [
	['a write', runWith, `Finished: 3 done, 3 rows. v shows the results. Changes recorded in ${state}/audit.jsonl`],
	['an export', resultsWith, `Exported 32 rows to ${state}/exports/2026-11-29T10-15-02-195Z-mailbox-forwarding-report-18786.csv`],
	['a run folder', runWith, `Rows are saved as they arrive in ${state}/runs/2026-11-29T10-15-02-195Z-mailbox-forwarding-report-18786`],
];

// Serial: one Ink render at a time, as in the other screen tests.
for (const [what, stateFor, text] of notices) {
	test.serial(`at 60×20 the notice after ${what} shows its whole path, file name included`, t => {
		const screen = show(t, stateFor(text), size);
		const frame = screen.frame();
		const lines = frame.split('\n');
		t.true(lines.length <= size.height, `${lines.length} lines:\n${frame}`);
		t.true(lines.every(line => displayWidth(line) <= size.width), frame);
		const rows = noticeIn(frame, text);
		t.true(rows.length > 1, `the notice is not whole:\n${frame}`);
		t.true(rows.some(row => row.includes(text.split('/').at(-1)!)), `no file name:\n${frame}`);
		t.regex(lines.at(-1)!, /\? help/, 'the key hints stay on the last row');
		screen.unmount();
	});
}

test('a notice wraps as it is measured; only past its last row is it cut, with the ASCII "..."', t => {
	t.deepEqual(noticeLines(undefined, 60), ['']);
	t.deepEqual(noticeLines({tone: 'info', text: 'Signed in.'}, 60), ['Signed in.']);
	const path = `${state}/exports/2026-11-29T10-15-02Z-things-list.csv`;
	t.deepEqual(noticeLines({tone: 'info', text: `Exported 32 rows to ${path}`}, 60), ['Exported 32 rows to', `${state}/`, 'exports/2026-11-29T10-15-02Z-things-list.csv'], 'a path breaks after a "/"');
	t.deepEqual(noticeLines({tone: 'info', text: `Saved in C:\\Users\\ann\\AppData\\Local\\tenantdeck\\runs\\2026-11-29T10-15-02Z. Done.`}, 40), ['Saved in', 'C:\\Users\\ann\\AppData\\Local\\tenantdeck\\', 'runs\\2026-11-29T10-15-02Z. Done.']);
	t.deepEqual(noticeLines({tone: 'info', text: `in /${'x'.repeat(70)}.csv`}, 60), ['in', `/${'x'.repeat(59)}`, `${'x'.repeat(11)}.csv`], 'a name wider than a row breaks inside it');
	const long = noticeLines({tone: 'info', text: `${'word '.repeat(70)}end`}, 60, asciiGlyphs);
	t.is(long.length, noticeMostRows);
	t.true(long.at(-1)!.endsWith('...') && displayWidth(long.at(-1)!) <= 60, long.at(-1));
});
