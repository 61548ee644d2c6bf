// Text pasted into a field goes through the console's one terminal filter (columns.ts printable):
// C1 controls (U+009B is a one-byte CSI) and bidirectional overrides and isolates are dropped, as
// C0 controls always were, so a pasted name cannot restyle the terminal or reorder what follows it.

import test from 'ava';
import type {Key} from 'ink';
import {editText} from '../../source/components/text-edit.js';
import {keymap, type PressedKey} from '../../source/ui/keymap.js';

const key = (extra: Partial<Key> = {}) => ({upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false, ...extra}) as Key;

test('a paste keeps only its printable text: no C1 control, bidirectional override or isolate', t => {
	t.deepEqual(editText('', 0, 'Sales\u009b EU\u202e gpj.exe\u2066 (東京)\u2069', key()), {value: 'Sales EU gpj.exe (東京)', cursor: 21});
	t.deepEqual(editText('ab', 1, '\u009bx\u202ey\u2066z', key()), {value: 'axyzb', cursor: 4}, 'inserted at the cursor, which moves past what was kept');
	t.is(editText('x', 1, '\u009b\u202e\u2066', key()), undefined, 'nothing printable: not the field\'s');
	t.deepEqual(editText('', 0, 'a\u0000\tb\r\nc\u007f\u0085d', key()), {value: 'abcd', cursor: 4}, 'C0 controls, line breaks and DEL still go');
	t.deepEqual(editText('', 0, 'e\u0301 👍🏽 \ufffd', key()), {value: 'e\u0301 👍🏽 \ufffd', cursor: 7}, 'accents, emoji and a typed \ufffd stay');
});

test('every editing key help lists for a field edits it, Ctrl+K included: the keymap drives the field', t => {
	const editing = keymap.filter(binding => (binding.contexts as readonly string[]).includes('text') && binding.command !== 'help' && binding.command !== 'interrupt');
	t.true(editing.length >= 9);
	const pressed = (spec: string): [string, Key] => {
		if (spec.startsWith('ctrl+')) return [spec.slice(5), key({ctrl: true})];
		const named: Record<string, Partial<PressedKey>> = {left: {leftArrow: true}, right: {rightArrow: true}, home: {home: true}, end: {end: true}, backspace: {backspace: true}, delete: {forwardDelete: true} as Partial<PressedKey>};
		return ['', key(named[spec]) as Key];
	};
	for (const binding of editing) {
		for (const spec of binding.keys) {
			const edit = editText('alpha, beta', 7, ...pressed(spec));
			t.not(edit, undefined, `${spec} (${binding.command}) is not the field's`);
			t.notDeepEqual(edit, {value: 'alpha, beta', cursor: 7}, `${spec} (${binding.command}) changed nothing`);
		}
	}
	t.deepEqual(editText('alpha, beta', 7, 'k', key({ctrl: true})), {value: 'alpha, ', cursor: 7});
});

test('the cursor moves and deletes by characters as drawn: an emoji with its skin tone, a letter with its accent', t => {
	const value = 'a👍🏽e\u0301b';
	const end = [...value].length;
	const left = editText(value, end, '', key({leftArrow: true}))!;
	t.deepEqual(left, {value, cursor: end - 1}, 'past b');
	const overAccent = editText(value, left.cursor, '', key({leftArrow: true}))!;
	t.is(overAccent.cursor, end - 3, 'past e and its accent in one press');
	const overThumb = editText(value, overAccent.cursor, '', key({leftArrow: true}))!;
	t.is(overThumb.cursor, 1, 'past the thumb and its tone in one press');
	t.deepEqual(editText(value, overAccent.cursor, '', key({backspace: true})), {value: 'ae\u0301b', cursor: 1}, 'Backspace takes the tone with the thumb');
	t.deepEqual(editText(value, overThumb.cursor, 'x', key()), {value: 'ax👍🏽e\u0301b', cursor: 2}, 'typing lands between characters, never inside one');
});
