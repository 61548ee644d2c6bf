// The real App, store and controller driven by keys through ink-testing-library, with fake
// ports: the same path a user's keys take, without a network.

import test from 'ava';
import {render} from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import {App} from '../../source/app/app.js';
import {createController} from '../../source/app/controller.js';
import {initialAppState} from '../../source/app/state/app-state.js';
import {createStore} from '../../source/app/store.js';
import {fakeConsoleDeps} from './fake-deps.js';

test('keys drive the real controller: filter, select, run, results, quit', async t => {
	const {deps, folders, closed} = await fakeConsoleDeps(t, 300);
	const store = createStore(initialAppState());
	const controller = createController(store, {sandbox: true, env: {}}, deps);
	const view = render(<App store={store} intents={controller} configFolder={folders.config} />);
	t.teardown(() => view.unmount());
	const frame = () => stripAnsi(view.lastFrame() ?? '');
	const waitFor = async (pattern: RegExp) => {
		// Only ends a broken test: 5 s was reachable on a loaded machine.
		const deadline = Date.now() + 60_000;
		while (!pattern.test(frame())) {
			if (Date.now() > deadline) throw new Error(`never saw ${pattern}:\n${frame()}`);
			await new Promise(resolve => setTimeout(resolve, 20));
		}
	};
	controller.start();
	await waitFor(/0 selected of 300, all shown/);
	// One burst, as a fast typist over SSH sends it: open the filter, type, keep it, select all shown.
	view.stdin.write('/customer 012\r');
	await waitFor(/0 selected of 300, 11 shown/);
	view.stdin.write('a');
	await waitFor(/11 selected of 300, 11 shown/);
	view.stdin.write('\r');
	await waitFor(/Operation for 11 tenants/);
	view.stdin.write('\r');
	await waitFor(/List things — parameters/);
	view.stdin.write('\r');
	await waitFor(/List things — finished/);
	t.regex(frame(), /11\/11 · 22 rows/);
	view.stdin.write('v');
	await waitFor(/22 rows from 11 tenants/);
	view.stdin.write('q');
	t.is(await controller.exited, 0);
	t.is(closed(), 1);
});
