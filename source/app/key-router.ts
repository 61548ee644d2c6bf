// One place decides who gets a key: Ctrl+C always; then an open overlay; then the screen (its
// text field first while typing); then the global keys, which never fire while a field types —
// except help: F1 always, and `?` in a field that is still empty (nothing to type it into).

import type {Key} from 'ink';
import {editText} from '../components/text-edit.js';
import {dispatchKey, type KeyTarget} from '../ui/key-dispatch.js';
import {listMoves} from '../ui/list-moves.js';
import type {PressedKey} from '../ui/keymap.js';
import {focusedText, textCursorOf} from './state/app-state.js';
import type {ScreenProps} from './screens/screen-props.js';
import {helpLayout} from './state/help-lines.js';
import {welcomeKeys} from './screens/welcome-screen.js';
import {setupKeys} from './screens/setup-screen.js';
import {signInKeys} from './screens/sign-in-screen.js';
import {tenantPickerKeys} from './screens/tenant-picker-screen.js';
import {operationKeys} from './screens/operation-picker-screen.js';
import {paramsKeys} from './screens/params-screen.js';
import {confirmKeys} from './screens/confirm-screen.js';
import {runKeys} from './screens/run-screen.js';
import {resultsKeys} from './screens/results-screen.js';
import {doctorKeys} from './screens/doctor-screen.js';

export function screenKeys(props: ScreenProps): KeyTarget {
	switch (props.state.screen) {
		case 'starting': return {contexts: ['global'], handlers: {}};
		case 'welcome': return welcomeKeys(props);
		case 'setup': return setupKeys(props);
		case 'sign-in': return signInKeys(props);
		case 'tenants': return tenantPickerKeys(props);
		case 'operations': return operationKeys(props);
		case 'params': return paramsKeys(props);
		case 'confirm': return confirmKeys(props);
		case 'run': return runKeys(props);
		case 'tenant-rows': return resultsKeys(props, 'tenant-rows');
		case 'results': return resultsKeys(props, 'results');
		case 'doctor': return doctorKeys(props);
	}
}

export function routeKey(props: ScreenProps, input: string, key: Key | PressedKey): void {
	const {state, intents} = props;
	if (state.quitting) return;
	// Ctrl+C works even while typing; pressed again while the quit question shows, it means yes.
	const interrupt = state.overlay === 'quit-ask' ? intents.confirmQuit : () => intents.requestQuit('key');
	if (dispatchKey({contexts: ['global'], handlers: {interrupt}}, input, key)) return;
	if (state.overlay === 'help') {
		const {limit, room} = helpLayout(state, props.width, props.height);
		const scroll = listMoves({cursor: Math.min(state.helpScroll ?? 0, limit), count: limit + 1, page: room}, intents.helpScroll);
		dispatchKey({contexts: ['help', 'list'], handlers: {'close-help': () => intents.toggleHelp(false), ...scroll}}, input, key);
		return;
	}
	if (state.overlay === 'quit-ask') {
		dispatchKey({contexts: ['quit-ask'], handlers: {'confirm-quit': intents.confirmQuit, stay: intents.stayQuit}}, input, key);
		return;
	}
	const target = screenKeys(props);
	const text = focusedText(state);
	const help = () => intents.toggleHelp(true);
	if (dispatchKey({...target, typing: text !== undefined, contexts: target.contexts.filter(context => context !== 'global' && context !== 'text'), onOther: undefined}, input, key)) return;
	if (text) {
		if (input === '?' && text.value === '') return help();
		if (dispatchKey({contexts: ['text'], handlers: {help}, typing: true}, input, key)) return;
		const edit = target.onEdit ? editText(text.value, textCursorOf(state, text), input, key) : undefined;
		if (!edit) {
			target.onOther?.(input, key);
			return;
		}
		if (edit.value !== text.value) target.onEdit!(edit.value);
		// Typing at the end (the usual case) needs no cursor of its own: one update per key stays one.
		const atEnd = edit.cursor === [...edit.value].length;
		if (!atEnd || state.textCursor?.field === text.field) intents.moveTextCursor(text.field, edit.cursor);
		return;
	}
	dispatchKey({contexts: ['global'], handlers: {help, quit: () => intents.requestQuit('key')}}, input, key);
}
