// The console draws ASCII or Unicode from the locale (LC_ALL > LC_CTYPE > LANG), and the machine that
// runs the suite may have any locale or none (CI's is unknown; this one has C.UTF-8). So every test
// that draws the console names its locale itself: LANG=C where it reads ASCII, a UTF-8 one
// (helpers/utf8-env.ts, also used by helpers/tmux-pane.ts) where it reads "·", "—" or "→".

import test from 'ava';
import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';

const draws = /startConsole\(|dist\/cli\.js --sandbox|dist\/cli\.js`/;
const namesLocale = /withUtf8Locale|openPane\(|\bLANG[=:]/;

test('every test that draws the console names its locale', async t => {
	const files = (await readdir('test', {recursive: true})).filter(file => /\.tsx?$/.test(file) && !file.startsWith('helpers'));
	const drawing: string[] = [];
	for (const file of files) {
		const text = await readFile(join('test', file), 'utf8');
		if (!draws.test(text)) continue;
		drawing.push(file);
		t.regex(text, namesLocale, `${file} draws the console without naming a locale`);
	}
	t.true(drawing.length >= 5, `the scan found the console tests: ${drawing.join(', ')}`);
});
