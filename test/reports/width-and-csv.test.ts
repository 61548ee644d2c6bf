// Display width (CJK, emoji, combining marks), CSV read back by an independent parser, and the one
// terminal-safe filter.
import test from 'ava';
import {Writable} from 'node:stream';
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import stringWidth from 'string-width';
import {clip, displayWidth, fitEnd} from '../../source/core/reports/text-width.js';
import {textTable} from '../../source/core/reports/table.js';
import {csvRow, csvLine} from '../../source/core/reports/csv.js';
import {printable} from '../../source/core/reports/columns.js';
import {exportRows} from '../../source/adapters/exporter.js';

const cjk = '株式会社コントソ日本';
const family = '👩‍👩‍👧‍👦';
const accented = 'Ame\u0301lie Cafe\u0301 Rene\u0301e';
const graphemes = (text: string) => [...new Intl.Segmenter(undefined, {granularity: 'grapheme'}).segment(text)].map(part => part.segment);

test('a CJK name clipped to 8 columns takes 8 columns, not 15', t => {
	const clipped = clip(cjk, 8);
	t.is(clipped, '株式会…');
	t.is(stringWidth(clipped), 7, 'a wide character that would cross the edge is left out, not cut');
	t.is(stringWidth(fitEnd(cjk, 8)), 8);
	for (let size = 1; size <= 22; size++) t.true(stringWidth(clip(cjk, size)) <= size, `size ${size}`);
});

test('emoji are never split into lone surrogates and count two columns', t => {
	const name = `${family} Family Office 🇯🇵`;
	for (let size = 1; size <= displayWidth(name) + 1; size++) {
		const clipped = clip(name, size);
		t.false(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(clipped), `lone surrogate at ${size}`);
		t.true(stringWidth(clipped) <= size, `size ${size}: ${clipped}`);
		// Whatever is kept is whole graphemes of the original.
		const kept = clipped.replace(/…$/, '');
		t.deepEqual(graphemes(kept), graphemes(name).slice(0, graphemes(kept).length));
	}
});

test('combining marks stay on their letter and take no column', t => {
	t.is(displayWidth(accented), 17);
	const clipped = clip(accented, 5);
	t.is(clipped, 'Ame\u0301l…');
	t.is(stringWidth(fitEnd(accented, 5)), 5);
	t.false(clip(accented, 3).normalize('NFC').includes('e…'), 'the accent is not separated from its e');
});

test('long plain-ASCII cells are cut to exactly their column with an ellipsis, next to wide names', t => {
	const upn = 'adele.vance@contoso-holdings-international.onmicrosoft.com';
	for (let size = 1; size <= upn.length + 2; size++) {
		const fitted = fitEnd(upn, size);
		t.is(stringWidth(fitted), size, `size ${size}`);
		t.is(fitted.trimEnd(), size >= upn.length ? upn : `${upn.slice(0, size - 1)}…`);
	}
	const rows = [{upn, name: cjk}, {upn: 'short@contoso.com', name: 'Contoso'}];
	const lines = textTable(['upn', 'name'], rows, 30).trimEnd().split('\n');
	t.true(lines.every(line => stringWidth(line) <= 30), lines.join('\n'));
	t.is(new Set(lines.map(line => stringWidth(line.slice(0, line.lastIndexOf('  ') + 2)))).size, 1, lines.join('\n'));
});

test('--format table lines up CJK, emoji and accented names in terminal columns', t => {
	const rows = [{name: cjk, note: 'a'}, {name: `${family} team`, note: 'b'}, {name: accented, note: 'c'}, {name: 'Contoso', note: 'd'}];
	const table = textTable(['name', 'note'], rows, 40);
	const lines = table.trimEnd().split('\n');
	// The second column starts at the same terminal column on every line.
	const noteColumn = (line: string) => stringWidth(line.slice(0, line.lastIndexOf('  ') + 2));
	const starts = new Set(lines.map(noteColumn));
	t.is(starts.size, 1, table);
	const narrow = textTable(['name', 'note'], rows, 14);
	for (const line of narrow.trimEnd().split('\n')) t.true(stringWidth(line) <= 14, line);
});

test('CSV keeps numbers as numbers and neutralises only formula-like text (independent parser)', t => {
	const columns = ['name', 'unitsOver', 'delta', 'text'];
	const rows = [
		{name: '=HYPERLINK("http://evil","x")', unitsOver: -5, delta: 1.5, text: '-2+3'},
		{name: '@SUM(A1)', unitsOver: 0, delta: -0.25, text: '+cmd'},
		{name: '\t=1', unitsOver: 12, delta: 3e21, text: '-5'},
		{name: 'Anne-Marie, "Annie"', unitsOver: -1, delta: null, text: '\r=2'},
	];
	const csv = csvLine(columns) + rows.map(row => csvRow(columns, row)).join('');
	const parsed = parse(csv, {columns: true, relax_quotes: false}) as Record<string, string>[];
	t.deepEqual(parsed.map(row => row['unitsOver']), ['-5', '0', '12', '-1']);
	t.deepEqual(parsed.map(row => row['delta']), ['1.5', '-0.25', '3e+21', '']);
	t.deepEqual(parsed.map(row => row['name']), ['\'=HYPERLINK("http://evil","x")', '\'@SUM(A1)', '\'\t=1', 'Anne-Marie, "Annie"']);
	// Text that is only a number is a number to a spreadsheet, not a formula.
	t.deepEqual(parsed.map(row => row['text']), ['\'-2+3', '\'+cmd', '-5', '\'\r=2']);
});

test('bidirectional overrides and escape sequences are dropped by the one terminal filter', t => {
	const hostile = 'invoice\u202Egpj.exe \u2066x\u2069 \u001b[2J';
	const shown = printable(hostile);
	t.false(/[\u202a-\u202e\u2066-\u2069\u001b]/.test(shown), shown);
	t.true(shown.startsWith('invoicegpj.exe x '));
});

class Collect extends Writable {
	text = '';
	constructor(readonly isTTY: boolean) {
		super();
	}
	override _write(chunk: Buffer, _encoding: string, done: () => void) {
		this.text += chunk.toString();
		done();
	}
}

test('CSV to a terminal passes the filter; CSV to a pipe keeps the data exactly', async t => {
	const folder = await mkdtemp(join(tmpdir(), 'td-csv-'));
	const rowsPath = join(folder, 'rows.jsonl');
	const name = 'Eve\u001b]0;pwned\u0007\u202Etxt.exe';
	await writeFile(rowsPath, JSON.stringify({tenantId: 't1', tenantDomain: 'a.example', tenantName: 'A', displayName: name, count: -5}) + '\n');
	const screen = new Collect(true);
	await exportRows({rowsPath}, ['displayName', 'count'], 'csv', screen);
	t.false(/[\u001b\u0007\u202e]/.test(screen.text), screen.text);
	const pipe = new Collect(false);
	await exportRows({rowsPath}, ['displayName', 'count'], 'csv', pipe);
	const [row] = parse(pipe.text, {columns: true}) as Record<string, string>[];
	t.is(row!['displayName'], name);
	t.is(row!['count'], '-5');
	const json = new Collect(true);
	await exportRows({rowsPath}, ['displayName'], 'ndjson', json);
	t.false(json.text.includes('\u202e'));
	t.is(JSON.parse(json.text)['displayName'], name, 'JSON escapes the override but keeps the data');
});

test('an export skips a line torn by a full disk, says so once, and keeps every whole row', async t => {
	const folder = await mkdtemp(join(tmpdir(), 'td-torn-'));
	const rowsPath = join(folder, 'rows.jsonl');
	const row = (name: string) => JSON.stringify({tenantId: 't1', tenantDomain: 'a.example', tenantName: 'A', name});
	await writeFile(rowsPath, [row('one'), '{"tenantId": "t1", "na', row('two'), 'null', ''].join('\n'));
	const said: string[] = [];
	const pipe = new Collect(false);
	const count = await exportRows({rowsPath, onSkipped: text => said.push(text)}, ['name'], 'csv', pipe);
	t.is(count, 2);
	t.deepEqual((parse(pipe.text, {columns: true}) as Array<Record<string, string>>).map(each => each['name']), ['one', 'two']);
	t.is(said.length, 1);
	t.regex(said[0]!, /^Skipped 2 unreadable lines of .*rows\.jsonl \(first: .*rows\.jsonl:2 is not valid JSON/);
});

test('a custom operation header with escape sequences and bidi overrides reaches ops and the console filtered', async t => {
	const {loadCatalog} = await import('../../source/adapters/custom-operations.js');
	const {opsCommand} = await import('../../source/headless/ops-command.js');
	const dir = await mkdtemp(join(tmpdir(), 'td-ops-'));
	await writeFile(join(dir, 'sneaky.ps1'), ['# tenantdeck operation', '# title: Sneaky\u001b]0;owned\u0007 \u202Eexe.txt', '# description: Reads \u001b[2Jthings.', '# risk: read', '# cmdlets: Get-Mailbox', '#', 'Get-Mailbox | ForEach-Object { [pscustomobject]@{ name = $_.Name } }'].join('\n'));
	const catalog = await loadCatalog({configFolder: join(dir, 'config'), opsDir: dir});
	const sneaky = catalog.operations.find(operation => operation.id === 'custom:sneaky');
	t.truthy(sneaky, catalog.problems.join('\n'));
	for (const text of [sneaky!.title, sneaky!.description]) t.false(/[\u001b\u0007\u202e]/.test(text), text);
	const out = new Collect(false);
	const err = new Collect(false);
	const code = await opsCommand({values: {'ops-dir': dir}, positionals: []}, {stdout: out, stderr: err, env: {HOME: dir, XDG_CONFIG_HOME: join(dir, 'config')}, interrupted: new AbortController().signal});
	t.is(code, 0);
	t.regex(out.text, /custom:sneaky .*Sneaky/);
	t.false(/[\u001b\u0007\u202e]/.test(out.text + err.text));
});
