// The real console (App, controller, MSAL) rendered in-process against a sandbox over HTTP, with the
// two waits its tests need: for a state the store reaches, and for words the frame shows.

import type {ExecutionContext} from 'ava';
import {render} from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import {App} from '../../source/app/app.js';
import {createController} from '../../source/app/controller.js';
import {productionDeps} from '../../source/app/controller-deps.js';
import {initialAppState, type AppState} from '../../source/app/state/app-state.js';
import {createStore} from '../../source/app/store.js';
import {oneConsoleAtATime} from './one-console.js';

export function renderedConsole(t: ExecutionContext, sandboxUrl: string, env: NodeJS.ProcessEnv) {
	oneConsoleAtATime(t);
	const store = createStore(initialAppState());
	const controller = createController(store, {sandbox: true, sandboxUrl, env}, productionDeps());
	const view = render(<App store={store} intents={controller} configFolder="/tmp/unused" />);
	t.teardown(() => view.unmount());
	const frame = () => stripAnsi(view.lastFrame() ?? '');
	/** Resolves with the state once check holds; 60 s only ends a broken test. */
	const until = async (check: (state: AppState) => boolean, what: string) => {
		for (let waited = 0; waited < 60_000; waited += 20) {
			if (check(store.getState())) return store.getState();
			await new Promise(resolve => setTimeout(resolve, 20));
		}
		throw new Error(`timed out waiting for ${what}; notice ${store.getState().notice?.text}\n${frame()}`);
	};
	/** Resolves with the frame's words once pattern matches them. */
	const see = async (pattern: RegExp) => {
		for (let waited = 0; waited < 20_000; waited += 20) {
			// Long lines wrap at the frame's width: compare words, not line breaks.
			const words = frame().replaceAll(/\s+/g, ' ');
			if (pattern.test(words)) return words;
			await new Promise(resolve => setTimeout(resolve, 20));
		}
		throw new Error(`never saw ${pattern}:\n${frame()}`);
	};
	return {store, controller, view, frame, until, see};
}
