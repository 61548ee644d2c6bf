// One place decides who gets a key: Ctrl+C always; then an open overlay; then the screen (its
// text field first while typing); then the global keys, which never fire while a field types.

import type {Key} from 'ink';
import {dispatchKey, type KeyTarget} from '../ui/key-dispatch.js';
import {hasTextFocus} from './state/app-state.js';
import type {ScreenProps} from './screens/screen-props.js';
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

export function routeKey(props: ScreenProps, input: string, key: Key): void {
	const {state, intents} = props;
	if (state.quitting) return;
	// Ctrl+C works even while typing; pressed again while the quit question shows, it means yes.
	const interrupt = state.overlay === 'quit-ask' ? intents.confirmQuit : () => intents.requestQuit('key');
	if (dispatchKey({contexts: ['global'], handlers: {interrupt}}, input, key)) return;
	if (state.overlay === 'help') {
		dispatchKey({contexts: ['help'], handlers: {'close-help': () => intents.toggleHelp(false)}}, input, key);
		return;
	}
	if (state.overlay === 'quit-ask') {
		dispatchKey({contexts: ['quit-ask'], handlers: {'confirm-quit': intents.confirmQuit, stay: intents.stayQuit}}, input, key);
		return;
	}
	const target = screenKeys(props);
	const typing = hasTextFocus(state);
	if (dispatchKey({...target, contexts: target.contexts.filter(context => context !== 'global'), onOther: undefined}, input, key)) return;
	if (typing) {
		target.onOther?.(input, key);
		return;
	}
	dispatchKey({contexts: ['global'], handlers: {help: () => intents.toggleHelp(true), quit: () => intents.requestQuit('key')}}, input, key);
}
