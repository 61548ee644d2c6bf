import test from 'ava';
import type {Key} from 'ink';
import {bindingsFor, findBinding, fitHints, hintsFor, keyMatches, keymap, keymapMarkdown} from '../../source/ui/keymap.js';
import {dispatchKey, forEachKey} from '../../source/ui/key-dispatch.js';
import {colorWanted, createTheme} from '../../source/ui/theme.js';

const none: Key = {upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false};
const key = (extra: Partial<Key> = {}): Key => ({...none, ...extra});

test('specs match the keys admins expect', t => {
	t.true(keyMatches('up', '', key({upArrow: true})));
	t.true(keyMatches('k', 'k', key()));
	t.false(keyMatches('k', 'k', key({ctrl: true})));
	t.true(keyMatches('ctrl+c', 'c', key({ctrl: true})));
	t.true(keyMatches('space', ' ', key()));
	t.true(keyMatches('G', 'G', key({shift: true})));
	t.false(keyMatches('g', 'G', key({shift: true})));
	t.true(keyMatches('shift+tab', '', key({tab: true, shift: true})));
	t.false(keyMatches('tab', '', key({tab: true, shift: true})));
});

test('no two commands share a key within a context', t => {
	for (const binding of keymap) {
		for (const context of binding.contexts) {
			for (const spec of binding.keys) {
				const others = keymap.filter(other => other !== binding && (other.contexts as readonly string[]).includes(context) && other.keys.includes(spec));
				if (others.length > 0) t.fail(`${context}: ${spec} is ${binding.command} and ${others.map(other => other.command).join(', ')}`);
			}
		}
	}
	t.pass();
});

test('earlier contexts win, and while typing letters are left to the field', t => {
	t.is(findBinding(['filter', 'list'], '', key({escape: true}))?.command, 'clear-filter');
	t.is(findBinding(['filter', 'list'], 'j', key(), undefined, true), undefined);
	t.is(findBinding(['filter', 'list'], '', key({downArrow: true}), undefined, true)?.command, 'down');
	t.is(findBinding(['tenants', 'list', 'global'], 'q', key())?.command, 'quit');
});

test('a handler that is absent lets the key fall through to the next binding', t => {
	const calls: string[] = [];
	dispatchKey({contexts: ['tenants'], handlers: {'clear-filter': () => calls.push('clear')}}, '', key({escape: true}));
	dispatchKey({contexts: ['groups', 'tenants'], handlers: {'clear-filter': () => calls.push('clear')}}, '', key({escape: true}));
	dispatchKey({contexts: ['groups', 'tenants'], handlers: {back: () => calls.push('back'), 'clear-filter': () => calls.push('clear')}}, '', key({escape: true}));
	t.deepEqual(calls, ['clear', 'clear', 'back']);
});

test('typed text goes to onOther only when no binding takes it', t => {
	const typed: string[] = [];
	const target = {contexts: ['filter' as const], handlers: {'keep-filter': () => typed.push('<enter>')}, typing: true, onOther: (input: string) => typed.push(input)};
	dispatchKey(target, 'a', key());
	dispatchKey(target, '', key({return: true}));
	t.deepEqual(typed, ['a', '<enter>']);
});

test('a burst of keys is split, each judged against the state the previous one left', t => {
	let typing = false;
	const seen: string[] = [];
	forEachKey('/con\rj', key(), () => typing, (input, pressed) => {
		seen.push(pressed.return ? '<enter>' : input);
		if (input === '/') typing = true;
		if (pressed.return) typing = false;
	});
	t.deepEqual(seen, ['/', 'con', '<enter>', 'j']);
	const single: string[] = [];
	forEachKey('', key({upArrow: true}), () => false, (_input, pressed) => single.push(pressed.upArrow ? 'up' : '?'));
	t.deepEqual(single, ['up']);
});

test('Esc and a key that arrive as one sequence (read as Alt+key) are the two keys pressed', t => {
	const seen: string[] = [];
	let typing = true;
	forEachKey('j', key({meta: true}), () => typing, (input, pressed) => {
		seen.push(pressed.escape ? '<esc>' : `${input}${typing ? ' typed' : ''}`);
		if (pressed.escape) typing = false;
	});
	t.deepEqual(seen, ['<esc>', 'j']);
	const arrow: string[] = [];
	forEachKey('', key({meta: true, upArrow: true}), () => false, (_input, pressed) => arrow.push(pressed.escape ? '<esc>' : pressed.upArrow ? 'up' : '?'));
	t.deepEqual(arrow, ['up'], 'an arrow with Alt stays one key');
});

test('footer hints come from the table, keep "? help" last and fit the width', t => {
	const hints = hintsFor(['tenants', 'list', 'global']);
	t.is(hints.at(-1)?.label, 'help');
	t.true(hints.some(hint => hint.label === 'filter'));
	const fitted = fitHints(hints, 40);
	t.is(fitted.at(-1)?.label, 'help');
	t.true(fitted.reduce((sum, hint) => sum + hint.keys.length + hint.label.length + 3, 0) <= 42);
	t.false(hintsFor(['run', 'list', 'global'], new Set(['back'])).some(hint => hint.label === 'stop'));
});

test('the overlay lists each command once, screen keys before global ones', t => {
	const commands = bindingsFor(['results', 'list', 'global']).map(binding => binding.command);
	t.is(new Set(commands).size, commands.length);
	t.true(commands.indexOf('sort') < commands.indexOf('quit'));
});

test('the readme table lists every binding with its keys', t => {
	const markdown = keymapMarkdown();
	t.is(markdown.trim().split('\n').length, keymap.length + 2);
	t.true(markdown.includes('| `/` | Filter by name, domain or tenant id | Tenant picker |'));
	t.true(markdown.includes('`Ctrl+C`'));
});

test('NO_COLOR turns colours off but keeps emphasis', t => {
	t.false(colorWanted({NO_COLOR: '1'}));
	t.true(colorWanted({}));
	t.false(colorWanted({TERM: 'dumb'}));
	const plain = createTheme({color: false});
	for (const token of [plain.accent, plain.danger, plain.warning, plain.success, plain.muted, plain.cursor]) t.is(token.color, undefined);
	t.true(plain.cursor.inverse);
	t.is(plain.border, undefined);
});
