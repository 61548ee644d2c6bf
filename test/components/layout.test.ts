import test from 'ava';
import type {Key} from 'ink';
import {clampCursor, windowStart} from '../../source/components/window.js';
import {moveCursor} from '../../source/ui/list-moves.js';
import {layoutColumns} from '../../source/components/table-layout.js';
import {progressCells} from '../../source/components/progress-bar.js';
import {editText} from '../../source/components/text-edit.js';
import {formatDuration} from '../../source/hooks/use-now.js';
import {sizeOf} from '../../source/hooks/use-terminal-size.js';

const key = (extra: Partial<Key> = {}) => ({upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false, ...extra}) as Key;

test('the window scrolls only when the cursor leaves it', t => {
	t.is(windowStart(0, 5, 100, 10), 0);
	t.is(windowStart(0, 10, 100, 10), 1);
	t.is(windowStart(5, 9, 100, 10), 5, 'moving within the page does not scroll');
	t.is(windowStart(20, 3, 100, 10), 3);
	t.is(windowStart(95, 99, 100, 10), 90);
	t.is(windowStart(50, 2, 5, 10), 0, 'short lists never scroll');
	t.is(windowStart(80, 20, 25, 10), 15, 'a list that shrank pulls the window back');
});

test('cursor movement: lines, pages, ends, empty lists', t => {
	t.is(moveCursor('down', 0, 10, 4), 1);
	t.is(moveCursor('up', 0, 10, 4), 0);
	t.is(moveCursor('page-down', 8, 10, 4), 9);
	t.is(moveCursor('page-up', 5, 10, 4), 1);
	t.is(moveCursor('bottom', 0, 10, 4), 9);
	t.is(moveCursor('top', 7, 10, 4), 0);
	t.is(moveCursor('down', 0, 0, 4), 0);
	// A command that is not a movement does not compile, so it cannot silently do nothing.
	// @ts-expect-error 'sort' is not a list movement
	t.notThrows(() => moveCursor('sort', 0, 10, 4));
	t.is(clampCursor(-1, 3), 0);
});

test('columns keep natural widths, the highlighted one is always shown, a last column is clipped', t => {
	const natural = [20, 20, 20, 20, 20];
	t.deepEqual(layoutColumns(natural, 0, 80), [{index: 0, width: 20}, {index: 1, width: 20}, {index: 2, width: 20}, {index: 3, width: 14}]);
	const far = layoutColumns(natural, 4, 80);
	t.true(far.some(slice => slice.index === 4));
	t.true(far.reduce((sum, slice) => sum + slice.width + 2, -2) <= 80);
	t.deepEqual(layoutColumns([200], 0, 60), [{index: 0, width: 20}]);
	t.deepEqual(layoutColumns([], 0, 80), []);
});

test('progress cells fill in proportion and never overflow', t => {
	t.deepEqual(progressCells(0, 10, 20), {filled: 0, empty: 20});
	t.deepEqual(progressCells(5, 10, 20), {filled: 10, empty: 10});
	t.deepEqual(progressCells(12, 10, 20), {filled: 20, empty: 0});
	t.deepEqual(progressCells(0, 0, 20), {filled: 0, empty: 20});
});

test('text editing: type, paste, backspace, Ctrl+U; other keys are not the field\'s', t => {
	t.deepEqual(editText('con', 3, 't', key()), {value: 'cont', cursor: 4});
	t.deepEqual(editText('', 0, 'pasted text', key()), {value: 'pasted text', cursor: 11});
	t.deepEqual(editText('cont', 4, '', key({backspace: true})), {value: 'con', cursor: 3});
	t.deepEqual(editText('cont', 4, 'u', key({ctrl: true})), {value: '', cursor: 0});
	t.is(editText('x', 1, '', key({return: true})), undefined);
	t.is(editText('x', 1, '', key({upArrow: true})), undefined);
	t.is(editText('x', 1, '\u0007', key()), undefined);
});

test('text editing at the cursor: insert in the middle, both deletes, Ctrl+W/U/A/E, Home/End, emoji as one step', t => {
	t.deepEqual(editText('anne@contoso.com', 4, 'x', key()), {value: 'annex@contoso.com', cursor: 5});
	t.deepEqual(editText('abc', 1, '', key({delete: true})), {value: 'bc', cursor: 0}, 'Backspace (Ink says delete) removes before the cursor');
	t.deepEqual(editText('abc', 1, '', key({delete: true, forwardDelete: true} as Partial<Key>)), {value: 'ac', cursor: 1}, 'the Delete key removes under it');
	t.deepEqual(editText('a@x.com, bob@y.com', 18, 'w', key({ctrl: true})), {value: 'a@x.com, ', cursor: 9});
	t.deepEqual(editText('a@x.com, bob@y.com', 9, 'u', key({ctrl: true})), {value: 'bob@y.com', cursor: 0});
	t.deepEqual(editText('abc', 2, '', key({home: true})), {value: 'abc', cursor: 0});
	t.deepEqual(editText('abc', 0, 'e', key({ctrl: true})), {value: 'abc', cursor: 3});
	t.deepEqual(editText('abc', 3, 'a', key({ctrl: true})), {value: 'abc', cursor: 0});
	t.deepEqual(editText('a😀b', 3, '', key({leftArrow: true})), {value: 'a😀b', cursor: 2});
	t.deepEqual(editText('a😀b', 2, '', key({backspace: true})), {value: 'ab', cursor: 1});
	t.deepEqual(editText('ab', 0, '', key({leftArrow: true})), {value: 'ab', cursor: 0}, 'the start is a wall');
});

test('durations read naturally', t => {
	t.is(formatDuration(420), '0.4s');
	t.is(formatDuration(12_300), '12s');
	t.is(formatDuration(125_000), '2m 05s');
	t.is(formatDuration(3_720_000), '1h 02m');
	t.is(formatDuration(-5), '0.0s');
});

test('a stream without a size counts as 80×24', t => {
	t.deepEqual(sizeOf({}), {columns: 80, rows: 24});
	t.deepEqual(sizeOf({columns: 100, rows: 30}), {columns: 100, rows: 30});
});
