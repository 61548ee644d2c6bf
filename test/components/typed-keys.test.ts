// Key commands are types read off the keymap: a screen's handlers may name only commands bound in
// its scopes, and the one set of list movements behaves the same on every list.

import test from 'ava';
import type {KeyHandlers} from '../../source/ui/key-dispatch.js';
import {dispatchKey} from '../../source/ui/key-dispatch.js';
import {listMoves} from '../../source/ui/list-moves.js';
import {keymap, type CommandIn} from '../../source/ui/keymap.js';
import type {Key} from 'ink';

const none: Key = {upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false};
const pressed = (_input: string, extra: Partial<Key>): Key => ({...none, ...extra});

test('a misspelt or foreign command does not compile (checked by tsc --noEmit over the tests)', t => {
	const ok: KeyHandlers<'run'> = {'retry-failed': () => {}, 'save-runbook': () => {}};
	// @ts-expect-error "retry-fialed" is not a command
	const misspelt: KeyHandlers<'run'> = {'retry-fialed': () => {}};
	// @ts-expect-error "sort" is a results command, not bound on the run screen
	const foreign: KeyHandlers<'run'> = {sort: () => {}};
	const moves: Array<CommandIn<'list'>> = ['up', 'down', 'page-up', 'page-down', 'top', 'bottom'];
	t.deepEqual(moves.sort(), keymap.filter(binding => (binding.contexts as readonly string[]).includes('list')).map(binding => binding.command).sort());
	t.truthy(ok && misspelt && foreign);
});

test('the key router\'s own dispatches are held to the contexts they name (checked by tsc --noEmit over the tests)', t => {
	const y = pressed('y', {});
	t.true(dispatchKey({contexts: ['quit-ask'], handlers: {'confirm-quit': () => {}, stay: () => {}}}, 'y', y));
	// @ts-expect-error "confirm-qiut" is not a command
	t.false(dispatchKey({contexts: ['quit-ask'], handlers: {'confirm-qiut': () => {}}}, 'y', y));
	// @ts-expect-error "sort" is a results command: in the quit question it could never fire
	t.false(dispatchKey({contexts: ['quit-ask'], handlers: {sort: () => {}}}, 'y', y));
});

test('listMoves: every movement key on a 10-row list shown 4 at a time', t => {
	const keys: Array<[string, Partial<Key>, number]> = [
		['j', {}, 6], ['', {downArrow: true}, 6], ['k', {}, 4], ['', {upArrow: true}, 4],
		['', {pageDown: true}, 9], ['', {pageUp: true}, 1], ['g', {}, 0], ['G', {}, 9], ['', {home: true}, 0], ['', {end: true}, 9],
	];
	for (const [input, key, expected] of keys) {
		let moved: number | undefined;
		const handled = dispatchKey({contexts: ['list'], handlers: listMoves({cursor: 5, count: 10, page: 4}, to => (moved = to))}, input, pressed(input, key));
		t.true(handled, `${input || JSON.stringify(key)}`);
		t.is(moved, expected, `${input || JSON.stringify(key)}`);
	}
	let moved: number | undefined;
	dispatchKey({contexts: ['list'], handlers: listMoves({cursor: 0, count: 0, page: 4}, to => (moved = to))}, 'G', pressed('G', {}));
	t.is(moved, 0, 'an empty list keeps the cursor at 0');
});
