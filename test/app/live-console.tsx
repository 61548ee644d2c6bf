// The whole console as a user meets it: the real controller and reducers behind the real view,
// rendered by ink-testing-library at a chosen size, with keys typed into its stdin.

import type {ExecutionContext} from 'ava';
import React from 'react';
import {render} from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import {AppView} from '../../source/app/app.js';
import type {Controller} from '../../source/app/controller.js';
import {useAppState, type Store} from '../../source/app/store.js';
import {tick} from './fixtures.js';

function Live({store, controller, width, height}: {readonly store: Store; readonly controller: Controller; readonly width: number; readonly height: number}): React.JSX.Element {
	const state = useAppState(store);
	return <AppView state={state} getState={store.getState} intents={controller} configFolder="/config" width={width} height={height} />;
}

/** Renders the console for a terminal of `columns`×`rows` (the app uses one row less, as in the product). */
export function liveConsole(t: ExecutionContext, store: Store, controller: Controller, size = {columns: 80, rows: 24}) {
	const view = render(<Live store={store} controller={controller} width={size.columns} height={size.rows - 1} />);
	t.teardown(view.unmount);
	const raw = () => view.lastFrame() ?? '';
	const frame = () => stripAnsi(raw());
	const press = async (...keys: string[]) => {
		for (const key of keys) {
			view.stdin.write(key);
			await tick(40);
		}
	};
	return {frame, raw, press};
}

export const keys = {
	esc: '\u001B', enter: '\r', up: '\u001B[A', down: '\u001B[B', left: '\u001B[D', right: '\u001B[C',
	home: '\u001B[H', end: '\u001B[F', pageDown: '\u001B[6~', f1: '\u001BOP', backspace: '\u007F', delete: '\u001B[3~',
	ctrlA: '\u0001', ctrlE: '\u0005', ctrlU: '\u0015', ctrlW: '\u0017',
};
