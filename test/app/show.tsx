// Renders the whole app view from a plain state, records the intents it emits, and types keys.

import type {ExecutionContext} from 'ava';
import {render} from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import {AppView} from '../../source/app/app.js';
import type {AppState} from '../../source/app/state/app-state.js';
import {ThemeContext, createTheme, type Theme} from '../../source/ui/theme.js';
import {recordingIntents, shownAt, tick} from './fixtures.js';

const pinnedClock = () => shownAt;

export function show(t: ExecutionContext, state: AppState, size = {width: 100, height: 29}, configFolder = '/home/ann/.config/tenantdeck', theme: Theme = createTheme({color: true})) {
	const recorder = recordingIntents();
	const view = render(<ThemeContext.Provider value={theme}><AppView state={state} intents={recorder.intents} configFolder={configFolder} width={size.width} height={size.height} now={pinnedClock} /></ThemeContext.Provider>);
	const frame = () => stripAnsi(view.lastFrame() ?? '');
	const press = async (...keys: string[]) => {
		for (const key of keys) {
			view.stdin.write(key);
			await tick();
		}
	};
	// Unmount even when an assertion fails first, so spinners and clocks stop.
	t.teardown(view.unmount);
	return {...recorder, frame, press, unmount: view.unmount};
}
