// Turning raw key events into keymap commands. Ink hands over a burst of typed characters
// (a paste, or keys batched by a slow SSH link) as one string; split it so "jj" moves twice and
// "/con" opens the filter and types "con", each key judged against the state its predecessor left.

import type {Key} from 'ink';
import {findBinding, type Command, type CommandIn, type KeyScope} from './keymap.js';

/** What each command does right now, for a screen whose keys come from the contexts X. */
export type KeyHandlers<X extends KeyScope = KeyScope> = {readonly [C in CommandIn<X>]?: () => void};

export type KeyTarget<X extends KeyScope = KeyScope> = {
	/**
	 * Keymap contexts, most specific first. A screen's come from the state (app/state/key-scopes.ts)
	 * and add 'global' or 'text' to its own, so they are not X; dispatchKey ties literal ones to X.
	 */
	readonly contexts: readonly KeyScope[];
	readonly handlers: KeyHandlers<X>;
	/** A text field has focus: character keys type instead of acting. */
	readonly typing?: boolean;
	/** Keys no binding took (typing into the focused field). */
	readonly onOther?: (input: string, key: Key) => void;
	/** The focused text field's new value, after the key router edited it at its cursor. */
	readonly onEdit?: (value: string) => void;
};

/**
 * Runs the handler of the binding a key triggers in the target's contexts. The handlers may name
 * only commands bound in those contexts: with contexts written out (['quit-ask']), a misspelt or
 * foreign command does not compile.
 */
export function dispatchKey<X extends KeyScope>(target: KeyTarget<X> & {readonly contexts: readonly X[]}, input: string, key: Key): boolean {
	const {contexts, handlers, typing, onOther} = target;
	const table = handlers as Partial<Record<Command, () => void>>;
	const binding = findBinding(contexts, input, key, command => table[command] !== undefined, typing);
	if (binding) {
		table[binding.command]!();
		return true;
	}
	onOther?.(input, key);
	return false;
}

/** Commands a target handles now, for the footer hints. */
export function availableCommands(handlers: KeyHandlers): ReadonlySet<Command> {
	const table = handlers as Partial<Record<Command, () => void>>;
	return new Set((Object.keys(table) as Command[]).filter(command => table[command] !== undefined));
}

const blank: Key = {
	upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
	return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
	super: false, hyper: false, capsLock: false, numLock: false,
};

/**
 * Hands each key of a burst to `handle` in turn, asking `typing()` afresh before each character
 * (the previous key may have opened or closed a text field). Characters typed into a field stay
 * together, so a paste is one edit; Enter, Tab and Backspace inside a burst are their own keys.
 */
export function forEachKey(input: string, key: Key, typing: () => boolean, handle: (input: string, key: Key) => void): void {
	// Esc and the key typed right after it (or batched with it by a slow SSH link) reach us as one
	// sequence, which reads as Alt+key. Nothing is bound to Alt, so it is the two keys pressed.
	if (key.meta && !key.ctrl && !key.escape && [...input].length === 1 && input >= ' ' && input !== '\u007F') {
		handle('', {...blank, escape: true, meta: true});
		forEachKey(input, {...blank, shift: /[A-Z]/.test(input)}, typing, handle);
		return;
	}
	if (input.length <= 1 || key.ctrl || key.meta || key.escape) {
		handle(input, key);
		return;
	}
	let text = '';
	const flush = () => {
		if (text) handle(text, {...blank});
		text = '';
	};
	for (const char of input) {
		const special = char === '\r' || char === '\n' ? {return: true} : char === '\t' ? {tab: true} : char === '\u007F' || char === '\b' ? {backspace: true} : undefined;
		if (special) {
			flush();
			handle('', {...blank, ...special});
		} else if (typing()) {
			text += char;
		} else {
			flush();
			handle(char, {...blank, shift: /[A-Z]/.test(char)});
		}
	}
	flush();
}
