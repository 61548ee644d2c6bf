// Wrapping a failure cause for the run view's detail lines: in terminal columns (CJK and emoji
// take two), at spaces where it can, never splitting a grapheme.
import test from 'ava';
import {displayWidth, wrapText} from '../../source/core/reports/text-width.js';

test('words wrap at spaces and every line fits the width', t => {
	const lines = wrapText('The user \'admin@northwind.onmicrosoft.com\' has no GDAP role in this customer.', 30);
	t.deepEqual(lines, ['The user', '\'admin@northwind.onmicrosoft.c', 'om\' has no GDAP role in this', 'customer.']);
	t.true(lines.every(line => displayWidth(line) <= 30));
});

test('CJK and emoji count two columns and are never split', t => {
	const text = '株式会社サンプル商事 は 権限 がありません 👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦';
	for (const width of [5, 8, 11]) {
		const lines = wrapText(text, width);
		t.true(lines.every(line => displayWidth(line) <= width), `${width}: ${JSON.stringify(lines)}`);
		t.is(lines.join('').replace(/\s/g, ''), text.replace(/\s/g, ''), 'nothing lost or torn');
	}
	t.deepEqual(wrapText('株式会社サンプル', 6), ['株式会', '社サン', 'プル']);
});

test('empty text is one empty line', t => {
	t.deepEqual(wrapText('', 20), ['']);
});
