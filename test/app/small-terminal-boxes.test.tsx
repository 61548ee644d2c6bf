// At 60×20 the quit question keeps its keys on screen, and the welcome screen's first sentence is
// whole: neither is cut off without a mark.

import test from 'ava';
import {quitAskRows} from '../../source/app/app.js';
import {displayWidth} from '../../source/core/reports/text-width.js';
import type {AppAction} from '../../source/app/state/app-reducer.js';
import {given, readOp, shownAt, stateWith, tenants} from './fixtures.js';
import {show} from './show.js';

const size = {width: 60, height: 19};
const list = tenants(20);
const started: AppAction = {type: 'run', action: {type: 'run-started', generation: 1, operationId: readOp.id, title: readOp.title, tenants: list, at: shownAt - 5000}};
const running: AppAction = {type: 'run', action: {type: 'run-events', generation: 1, events: list.slice(0, 3).map(tenant => ({type: 'running' as const, tenant, at: shownAt}))}};

function fits(t: import('ava').ExecutionContext, frame: string, at: {width: number; height: number}) {
	const lines = frame.split('\n');
	t.true(lines.length <= at.height, `${lines.length} lines:\n${frame}`);
	t.true(lines.every(line => displayWidth(line) <= at.width), `too wide:\n${frame}`);
}

// Serial: one Ink render at a time, as in the other screen tests.
for (const at of [size, {width: 80, height: 23}, {width: 100, height: 29}]) {
	test.serial(`at ${at.width}×${at.height + 1} the quit question shows the whole question and both keys`, t => {
		const screen = show(t, stateWith(given({screen: 'run', operation: readOp}), started, running, given({overlay: 'quit-ask'})), at);
		const frame = screen.frame();
		fits(t, frame, at);
		t.regex(frame, /Quit and stop the run\? Finished rows stay saved\./, frame);
		t.regex(frame, /y quit {2}n\/Esc stay/, frame);
		// The box is the frame's last rows, its height the rows its text takes.
		const lines = frame.split('\n');
		t.true(lines.at(-quitAskRows(at.width) - 2)!.startsWith('╭'), frame);
		t.true(lines.at(-1)!.startsWith('╰'), frame);
		// The footer above the box lists the keys that work now, never a blank row.
		t.regex(lines.at(-quitAskRows(at.width) - 3)!, /^y quit {2}n stay/, frame);
		screen.unmount();
	});
}

test('the quit question takes a second row only where one row cannot hold it', t => {
	t.is(quitAskRows(60), 2);
	t.is(quitAskRows(100), 1);
});

test.serial('at 60×20 the welcome screen\'s first sentence is whole, and every choice shows', t => {
	const screen = show(t, stateWith(given({screen: 'welcome'})), size);
	const frame = screen.frame();
	fits(t, frame, size);
	t.regex(frame.replace(/\s+/g, ' '), /Run the same Microsoft 365 work across many customer tenants, one keyboard-driven screen\./, frame);
	for (const choice of ['Practise on simulated customers', 'Guided practice', 'Set up a real partner', 'Quit']) t.regex(frame, new RegExp(choice), frame);
	screen.unmount();
});
