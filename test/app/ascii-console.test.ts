// The whole console under LANG=C, on a fake terminal: every byte it writes is ASCII — borders,
// spinner, progress bar, arrows, prose and tenant names with accents or CJK — from the first
// frame through a run and its results to the help overlay. The locale rule itself is tested too.

import test from 'ava';
import {startConsole} from '../../source/app/start.js';
import {asciiGlyphs, glyphsFor, localeIsUtf8, unicodeGlyphs} from '../../source/ui/glyphs.js';
import {toAscii} from '../../source/ui/ascii-text.js';
import {displayWidth} from '../../source/core/reports/text-width.js';
import type {Tenant} from '../../source/core/tenant.js';
import {FakeKeyboard} from '../fakes/keyboard.js';
import {FakeTerminal} from '../fakes/terminal.js';
import {fakeConsoleDeps} from './fake-deps.js';
import {tenants} from './fixtures.js';

test('the locale decides as the C library does: LC_ALL, then LC_CTYPE, then LANG', t => {
	t.true(localeIsUtf8({LANG: 'en_NZ.UTF-8'}, 'linux'));
	t.true(localeIsUtf8({LANG: 'C.utf8'}, 'linux'));
	t.false(localeIsUtf8({LANG: 'C'}, 'linux'));
	t.false(localeIsUtf8({LANG: 'POSIX'}, 'linux'));
	t.false(localeIsUtf8({LANG: 'en_US.ISO-8859-1'}, 'linux'));
	t.false(localeIsUtf8({}, 'linux'), 'nothing set is the C locale');
	t.true(localeIsUtf8({}, 'win32'), 'Windows terminals set no locale and take UTF-8');
	t.false(localeIsUtf8({LANG: 'en_US.UTF-8', LC_ALL: 'C'}, 'linux'), 'LC_ALL wins');
	t.true(localeIsUtf8({LANG: 'C', LC_CTYPE: 'en_US.UTF-8'}, 'linux'), 'LC_CTYPE beats LANG');
	t.false(localeIsUtf8({LANG: 'en_US.UTF-8', LC_CTYPE: 'C', LC_ALL: ''}, 'linux'), 'an empty LC_ALL does not count');
	t.is(glyphsFor({LANG: 'C'}, 'linux'), asciiGlyphs);
	t.is(glyphsFor({LANG: 'de_DE.UTF-8'}, 'linux'), unicodeGlyphs);
});

test('the ASCII guard keeps every width: accents go, wide characters become two ?', t => {
	// A "…" left this late is a cut (ascii-cuts.test.tsx): it reads "..." as the ASCII console's other cuts.
	t.is(toAscii('Zürich Dental · 3 running — done…'), 'Zurich Dental | 3 running - do...');
	t.is(toAscii('╭──╮│⠋█░›'), '+--+|*#.>');
	t.is(toAscii('東京商事'), '????????');
	for (const text of ['Zürich · 東京商事 — ok…', 'Ünïcödé ñ', '👩‍👩‍👧 family', 'e\u0301clair']) {
		t.is(displayWidth(toAscii(text)), displayWidth(text), text);
		t.regex(toAscii(text), /^[\x20-\x7e]*$/);
	}
	t.is(toAscii('\u001B[1mplain\u001B[22m'), '\u001B[1mplain\u001B[22m', 'escape codes pass untouched');
});

const named = (tenant: Tenant, tenantName: string): Tenant => ({...tenant, tenantName});

async function until(check: () => boolean, what: string, output: () => string): Promise<void> {
	// Only ends a broken test: on a loaded machine one step can take many seconds.
	const deadline = Date.now() + 60_000;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the terminal shows:\n${output().slice(-3000)}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

for (const env of [{LANG: 'C'}, {LANG: 'en_US.UTF-8', LC_ALL: 'POSIX'}]) {
	test.serial(`${JSON.stringify(env)}: every byte the console writes is ASCII, through a run, its results and help`, async t => {
		const {deps: fakes} = await fakeConsoleDeps(t, 0);
		const list = tenants(30);
		const deps = {...fakes, loadTenants: async () => [named(list[0]!, 'Zürich Dental AG'), named(list[1]!, '東京商事株式会社'), named(list[2]!, 'Café Ōtautahi'), ...list.slice(3)]};
		const stdout = new FakeTerminal(60, 20);
		const stdin = new FakeKeyboard();
		const exited = startConsole({sandbox: true, env, deps, stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream});
		const output = () => stdout.output;
		const seen = (pattern: RegExp) => () => pattern.test(output());
		const step = async (keys: string, pattern: RegExp, what: string) => {
			stdin.press(keys);
			await until(seen(pattern), what, output);
		};
		await until(seen(/more below/), 'the tenant list', output);
		t.true(output().includes('Zurich Dental AG'), 'accents dropped, the name still readable');
		await step(' ', /\[x\]/, 'a selected tenant');
		await step('\r', /things-list/, 'the operation picker');
		await step('\r', /Rows per tenant|startsWith/, 'the parameters');
		await step('\r', /finished/, 'the finished run');
		t.regex(output(), /#{10,}/, 'the progress bar is made of #');
		await step('v', /Results/, 'the results');
		await step('?', /Go back one step/, 'the help overlay');
		t.regex(output(), /\+-{20,}\+/, 'a classic border');
		stdin.press('\u001B');
		await new Promise(resolve => setTimeout(resolve, 100));
		stdin.press('q');
		t.is(await exited, 0);
		const strange = [...new Set(output().replaceAll(/[\x00-\x7f]/g, ''))];
		t.deepEqual(strange, [], `non-ASCII characters written: ${strange.join(' ')}`);
	});
}

test.serial('with a UTF-8 locale the console keeps its Unicode glyphs', async t => {
	const {deps, listed} = await fakeConsoleDeps(t, 30);
	const stdout = new FakeTerminal(60, 20);
	const stdin = new FakeKeyboard();
	const exited = startConsole({sandbox: true, env: {LANG: 'en_NZ.UTF-8'}, deps, stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream});
	await until(() => listed() && stdout.output.includes('more below'), 'the tenant list', () => stdout.output);
	t.true(stdout.output.includes('tenantdeck · '));
	stdin.press('q');
	t.is(await exited, 0);
});
