// Cut text under LANG=C ends in "...", as the readme says and the results table already does: a
// single "." (the look-alike of "…") made a cut name read as a whole one ("Camden Scaffolding
// Limi." beside "Keswick Motors Inc."). The console's own "…" ("Connecting…") is written "..."
// before Ink lays it out, so only cuts reach the ASCII guard.

import test from 'ava';
import {render} from 'ink-testing-library';
import {Text} from 'ink';
import stripAnsi from 'strip-ansi';
import {TextInput} from '../../source/components/text-input.js';
import type {AppState} from '../../source/app/state/app-state.js';
import {displayWidth} from '../../source/core/reports/text-width.js';
import type {Tenant} from '../../source/core/tenant.js';
import {toAscii} from '../../source/ui/ascii-text.js';
import {asciiGlyphs, unicodeGlyphs, withEllipsis} from '../../source/ui/glyphs.js';
import {ThemeContext, createTheme} from '../../source/ui/theme.js';
import {given, stateWith, tenants, writeOp} from './fixtures.js';
import {show} from './show.js';

const size = {width: 60, height: 19};
const ascii = createTheme({color: false, glyphs: asciiGlyphs});
const signedIn = given({account: {username: 'admin@northwindpartners.onmicrosoft.com', homeTenantId: 'p'}, cloud: 'sandbox'});
const names = ['Camden Scaffolding Limited', 'Keswick Motors Inc.', 'Bellows Accountants Ltd', 'Malton Scaffolding Pty Ltd'];
const named: Tenant[] = tenants(names.length).map((tenant, index) => ({...tenant, tenantName: names[index]!, tenantDomain: `${names[index]!.toLowerCase().replace(/[^a-z]/g, '')}.onmicrosoft.com`}));

/** What an ASCII terminal shows: the frame as the ASCII guard writes it. */
function asciiFrame(t: import('ava').ExecutionContext, state: AppState): string {
	const screen = show(t, state, size, undefined, ascii);
	const frame = toAscii(screen.frame());
	screen.unmount();
	t.regex(frame, /^[\x20-\x7e\n]*$/, 'every character is ASCII');
	return frame;
}

test('the ASCII guard writes a cut "…" as "..." over the two columns before it, widths and escape codes kept', t => {
	t.is(toAscii('Camden Scaffolding Limi…  keswick'), 'Camden Scaffolding Li...  keswick');
	t.is(toAscii('Zürich Dent…'), 'Zurich De...');
	t.is(toAscii('\u001B[7mCamden Scaf\u001B[2mf…\u001B[22m\u001B[27m'), '\u001B[7mCamden Sca.\u001B[2m..\u001B[22m\u001B[27m', 'escape codes are stepped over, not eaten');
	t.is(toAscii('東京…'), '??...', 'a wide character before the cut becomes dots too');
	t.is(toAscii('line one\nab…'), 'line one\n...', 'a cut never reaches back over a line break');
	// A combining mark right after a colour code shares a grapheme with its final byte: still ASCII after.
	t.regex(toAscii('\u001B[31m\u0301abc…'), /^\u001B\[31m.*a\.\.\.$/u);
	t.false(/[^\x00-\x7f]/.test(toAscii('\u001B[31m\u0301ábc…').replace(/^\u001B\[31m./u, '')), 'the text after the code is converted');
	t.is(toAscii('With: note = a value that …'), 'With: note = a value tha...', 'a cut after a space is "..." too');
	t.is(toAscii('  … 3 more lines'), '  . 3 more lines', 'a "…" that starts its line is no cut: the indent stays');
	t.is(toAscii('|…|'), '|.|', 'a border is never eaten');
	for (const text of ['Camden Scaffolding Limi…', '\u001B[1mab…\u001B[22m', 'x…', 'Zürich · 東京商事 — ok…']) t.is(displayWidth(toAscii(text).replace(/\u001B\[\d+m/g, '')), displayWidth(text.replace(/\u001B\[\d+m/g, '')), text);
});

test('the console\'s own "…" is "..." on an ASCII terminal before it is measured, and stays "…" otherwise', t => {
	t.is(withEllipsis('Connecting…', asciiGlyphs), 'Connecting...');
	t.is(withEllipsis('Connecting…', unicodeGlyphs), 'Connecting…');
});

// Serial: one Ink render at a time, as in the other screen tests.
test.serial('at 60×20 under LANG=C a tenant name or domain cut in the picker ends in "..."', t => {
	const frame = asciiFrame(t, stateWith(signedIn, given({screen: 'tenants', tenantsPhase: 'ready'}), {type: 'picker', action: {type: 'set-tenants', tenants: named}}));
	const rows = frame.split('\n').filter(line => line.startsWith('[ ] '));
	t.is(rows.length, names.length, frame);
	for (const [index, row] of rows.entries()) {
		// Each name and domain is whole, or its start followed by "...".
		const [name, domain] = row.slice(4).split(/ {2,}/);
		const wholeName = names[index]!;
		t.true(name === wholeName || (name!.endsWith('...') && wholeName.startsWith(name!.slice(0, -3))), `name "${name}":\n${frame}`);
		const wholeDomain = named[index]!.tenantDomain;
		t.true(domain === wholeDomain || (domain!.endsWith('...') && wholeDomain.startsWith(domain!.slice(0, -3))), `domain "${domain}":\n${frame}`);
	}
	t.regex(frame, /Camden Scaffolding L\w*\.\.\. /, frame);
	t.regex(frame, /Keswick Motors Inc\. /, 'a whole name keeps its own full stop');
});

test.serial('at 60×20 under LANG=C a line Ink cuts (the confirmation\'s values) ends in "..."', t => {
	const plan = {tenants: named.slice(0, 1), targets: new Map(), problems: [], idle: [], dropped: []};
	const frame = asciiFrame(t, stateWith(signedIn, given({screen: 'confirm', operation: writeOp, params: {mode: 'on', note: 'a value long enough that the With line is wider than sixty columns'}, writePlan: {phase: 'ready', plan}})));
	const line = frame.split('\n').find(row => row.startsWith('With: '));
	t.truthy(line, frame);
	t.true(line!.endsWith('...') && !line!.endsWith('....'), line);
});

test.serial('under LANG=C the starting screen says "Starting..." whole, not cut', t => {
	const frame = asciiFrame(t, stateWith(given({screen: 'starting', starting: 'Starting the practice cloud…'})));
	t.regex(frame, /Starting the practice cloud\.\.\.$/m, frame);
});

test.serial('under LANG=C a text field scrolled both ways shows "..." at each end, within its width, its prompt kept', t => {
	const view = render(<ThemeContext.Provider value={ascii}><Text>/ <TextInput value={'abcdefghijklmnopqrstuvwxyz'} focused cursor={13} width={16} /></Text></ThemeContext.Provider>);
	const shown = toAscii(stripAnsi(view.lastFrame() ?? ''));
	view.unmount();
	t.regex(shown, /^\/ \.\.\.[a-z]+\.\.\.$/, shown);
	t.true(displayWidth(shown) <= 2 + 16, shown);
	t.true(shown.includes('n'), 'the character under the cursor shows');
});
