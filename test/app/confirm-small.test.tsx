// The confirmation's problem list at 60×20 (an SSH terminal's smallest): every kind of problem
// (owner not selected, no selected owner, no such user, ambiguous) with its did-you-mean, nothing
// wider than 60 columns, "+N more" counting exactly what is not shown, and the keys that fix it
// (Esc to the form, Ctrl+D to drop) always on screen however long the list.

import test from 'ava';
import type {AppState} from '../../source/app/state/app-state.js';
import {passwordNeverExpiresSet} from '../../source/core/operations/password-never-expires-set.js';
import {displayWidth} from '../../source/core/reports/text-width.js';
import type {Tenant} from '../../source/core/tenant.js';
import type {TargetProblem, WritePlan} from '../../source/core/write-targets.js';
import {given, stateWith, writeOp} from './fixtures.js';
import {show} from './show.js';

// 60×20: the App gives the screens one row less so Ink repaints in place.
const size = {width: 60, height: 19};
const tenant = (tenantName: string, tenantDomain: string): Tenant => ({tenantId: tenantDomain, tenantName, tenantDomain, source: 'gdap'});
const clifton = tenant('Clifton Dental Ltd', 'cliftondental.com');
const heron = tenant('Heron Motors Ltd', 'heronmotors.co.nz');
const shared = [tenant('Orchard Dental', 'orcharddental.com'), tenant('Orchard Dental Holdings Limited', 'orcharddentalholdings.com')];

const kinds: readonly TargetProblem[] = [
	{target: 'oscar.roberts@heronmotors.co.nz', reason: 'not-selected', tenants: [heron], suggestions: []},
	{target: 'alice.brwn@cliftondental.com', reason: 'not-found', tenants: [clifton], suggestions: ['alice.brown@cliftondental.com']},
	{target: 'mia@clftondental.com', reason: 'unknown-domain', tenants: [], suggestions: ['mia@cliftondental.com']},
	{target: 'sam@orcharddental.com', reason: 'ambiguous', tenants: shared, suggestions: []},
];

function confirmState(problems: readonly TargetProblem[]): AppState {
	const plan: WritePlan = {declaration: passwordNeverExpiresSet.targets, tenants: [], targets: new Map(), problems, idle: [], dropped: []};
	return stateWith(
		given({account: {username: 'adele.vance.longname@partner-northwind.onmicrosoft.com', homeTenantId: 'p'}, cloud: 'sandbox'}),
		given({screen: 'confirm', operation: passwordNeverExpiresSet, params: {users: problems.map(problem => problem.target), neverExpires: 'off'}, writePlan: {phase: 'ready', plan}}),
	);
}

function checkFits(t: import('ava').ExecutionContext, frame: string): string[] {
	const lines = frame.split('\n');
	t.true(lines.length <= size.height, `${lines.length} lines:\n${frame}`);
	for (const line of lines) t.true(displayWidth(line) <= size.width, `${displayWidth(line)} columns: ${line}\n${frame}`);
	return lines;
}

/** The frame as words: a problem's line wraps at 60 columns. */
const words = (frame: string) => frame.replaceAll(/\s+/g, ' ');

const fixKeys = /Press Esc to fix them in the form \(what you typed is kept\), or Ctrl\+D to drop them and change only the rest\./;
const described: ReadonlyArray<readonly [TargetProblem, RegExp]> = [
	[kinds[0]!, /oscar\.roberts@heronmotors\.co\.nz: its domain belongs to Heron Motors Ltd \(heronmotors\.co\.nz\), which is not selected/],
	[kinds[1]!, /alice\.brwn@cliftondental\.com: no such user in Clifton Dental Ltd \(cliftondental\.com\) — did you mean alice\.brown@cliftondental\.com\?/],
	[kinds[2]!, /mia@clftondental\.com: no selected tenant owns the domain clftondental\.com — did you mean mia@cliftondental\.com\?/],
	[kinds[3]!, /sam@orcharddental\.com: its domain is claimed by more than one selected tenant \(Orchard Dental \(orcharddental\.com\) and Orchard Dental Holdings Limited \(orcharddentalholdings\.com\)\)/],
];

for (const [problem, sentence] of described) {
	test.serial(`at 60×20 the problem "${problem.reason}" is shown whole, with its nearest match, and the keys that fix it`, t => {
		const screen = show(t, confirmState([problem]), size);
		const frame = screen.frame();
		checkFits(t, frame);
		const text = words(frame);
		t.regex(text, /Nothing runs yet: 1 user cannot be matched/);
		t.regex(text, sentence, frame);
		t.notRegex(text, /\+\d+ more/);
		t.regex(text, fixKeys, frame);
		t.notRegex(text, /Type \d+ or yes/, 'no count to type while names are unmatched');
		screen.unmount();
	});
}

test.serial('at 60×20 the four kinds together: those that fit are whole, "+1 more" for the last', t => {
	const screen = show(t, confirmState(kinds), size);
	const frame = screen.frame();
	checkFits(t, frame);
	const text = words(frame);
	t.regex(text, /Nothing runs yet: 4 users cannot be matched/);
	for (const [, sentence] of described.slice(0, 3)) t.regex(text, sentence, frame);
	t.false(text.includes('sam@orcharddental.com'), 'the fourth is not half drawn');
	t.regex(text, /\+1 more/);
	t.regex(text, fixKeys, frame);
	screen.unmount();
});

test.serial('at 60×20 a long problem list is clipped with "+N more" counting exactly the rest, the fix keys still on screen', t => {
	const many = Array.from({length: 30}, (_, index) => {
		const kind = kinds[index % kinds.length]!;
		return {...kind, target: kind.target.replace('@', `${index}@`), suggestions: kind.suggestions.map(name => name.replace('@', `${index}@`))};
	});
	const screen = show(t, confirmState(many), size);
	const frame = screen.frame();
	const lines = checkFits(t, frame);
	const text = words(frame);
	const shown = many.filter(problem => text.includes(`${problem.target}:`));
	t.true(shown.length >= 2, `at least two problems shown:\n${frame}`);
	t.deepEqual(shown, many.slice(0, shown.length), 'the first ones, in order');
	const more = /\+(\d+) more/.exec(text);
	t.truthy(more, frame);
	t.is(Number(more?.[1]), many.length - shown.length, `"+N more" counts what is not shown:\n${frame}`);
	// Each shown problem is there whole, its did-you-mean included, not cut at the frame's bottom.
	for (const problem of shown) {
		for (const suggestion of problem.suggestions) t.true(text.includes(`did you mean ${suggestion}?`), `${problem.target}:\n${frame}`);
	}
	t.regex(text, fixKeys, frame);
	// The footer lists the keys that work here.
	t.regex(lines.at(-1)!, /Esc/);
	screen.unmount();
});

test.serial('at 60×20 a write that declares no targets says so, and the count to type stays on screen', t => {
	const selected = Array.from({length: 40}, (_, index) => tenant(`Customer ${index}`, `customer${index}.example.com`));
	const plan: WritePlan = {tenants: selected, targets: new Map(), problems: [], idle: [], dropped: []};
	const state = stateWith(given({screen: 'confirm', operation: {...writeOp, id: 'custom:stamp'}, params: {mode: 'off'}, writePlan: {phase: 'ready', plan}}));
	const screen = show(t, state, size);
	const frame = screen.frame();
	checkFits(t, frame);
	const text = words(frame);
	t.regex(text, /This script declares no targets: it will run in all 40 selected tenants\./, frame);
	t.regex(text, /This changes data in 40 tenants:/);
	t.regex(text, /\+\d+ more tenants/);
	t.regex(text, /Type 40 or yes, then Enter, to make the change:/, frame);
	screen.unmount();
});

test.serial('at 60×20 a retry\'s problem list says Esc goes back to the run, since that is where it leads', t => {
	const state = confirmState(kinds.slice(1, 2));
	const screen = show(t, {...state, writePlan: {...state.writePlan!, retry: 'live'}}, size);
	const text = words(screen.frame());
	checkFits(t, screen.frame());
	t.regex(text, /Press Ctrl\+D to drop them and retry only the rest, or Esc to go back to the run\./, screen.frame());
	t.notRegex(text, /fix them in the form/);
	screen.unmount();
});
