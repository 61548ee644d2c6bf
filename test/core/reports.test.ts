import test from 'ava';
import {csvCell, csvLine} from '../../source/core/reports/csv.js';
import {fitWidths, streamingTable, textTable} from '../../source/core/reports/table.js';

test('CSV quotes commas, quotes and newlines as RFC 4180 says', t => {
	t.is(csvLine(['plain', 'a,b', 'say "hi"', 'two\nlines', null, 3, true]), 'plain,"a,b","say ""hi""","two\nlines",,3,true\r\n');
});

test('CSV neutralises cells a spreadsheet would run as formulas', t => {
	for (const hostile of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1']) {
		t.true(csvCell(hostile).replace(/^"/, '').startsWith('\''), hostile);
	}
	t.is(csvCell('Anne-Marie'), 'Anne-Marie');
});

test('a text table fits the width by shrinking the widest column', t => {
	t.deepEqual(fitWidths([10, 40, 5], 35), [10, 20, 5]);
	const table = textTable(['name', 'note'], [{name: 'Contoso', note: 'x'.repeat(100)}], 40);
	for (const line of table.trimEnd().split('\n')) t.true(line.length <= 40, line);
	t.true(table.includes('…'));
});

test('terminal control sequences in data are shown as text, never sent to the terminal', t => {
	const hostile = 'Eve\u001b]52;c;cHduZWQ=\u0007\u001b[2J\u009b31m';
	const table = textTable(['name'], [{name: hostile}], 80);
	t.false(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(table.replace(/\n/g, '')));
	t.true(table.includes('Eve\ufffd]52;c;cHduZWQ=\ufffd\ufffd[2J\ufffd31m'));
});

test('the streamed text table is the same table, line for line, as the one built in memory', t => {
	const columns = ['tenantName', 'userPrincipalName', 'accountEnabled', 'note'];
	const rows = Array.from({length: 40}, (_, index) => ({tenantName: `Customer ${index}`, userPrincipalName: `user${index}${'x'.repeat(index)}@contoso.example`, accountEnabled: index % 3 !== 0, note: index % 5 ? null : 'a long note that will be clipped by the width of the terminal'}));
	for (const width of [60, 100, 200]) {
		const table = streamingTable(columns, width);
		for (const row of rows) table.measure(row);
		const streamed = table.head() + rows.map(row => table.line(row)).join('');
		t.is(streamed, textTable(columns, rows, width), `width ${width}`);
	}
});
