import test from 'ava';
import {mkdir, mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseCustomHeader} from '../../source/core/custom-operation-header.js';
import {customOperation} from '../../source/core/custom-operation.js';
import {validateParams} from '../../source/core/params.js';
import type {ExchangeCall, ExchangePort, GraphPort} from '../../source/core/ports.js';
import type {OperationContext, Row} from '../../source/core/operation.js';
import {headless, tempEnv} from '../helpers/headless.js';

const examples = join(import.meta.dirname, '../../examples/operations');
const tenant = {tenantId: 't1', tenantDomain: 'contoso.com', tenantName: 'Contoso', source: 'gdap'} as const;

const header = (lines: string[], body = '$a = $Args[0]\n"ok"') => `# tenantdeck operation\n${lines.join('\n')}\n#\n${body}\n`;
const valid = ['# title: T', '# description: D', '# risk: read', '# cmdlets: Get-Mailbox'];

test('the shipped examples parse, with their parameters, kinds and defaults', async t => {
	for (const name of ['forwarding-to-domain.ps1', 'hide-from-address-list.ps1']) {
		const text = await readFile(join(examples, name), 'utf8');
		const {operation, problems} = customOperation({path: name, name, text});
		t.deepEqual(problems, [], name);
		t.is(operation!.backend, 'exchange');
	}
	const {header: parsed} = parseCustomHeader(await readFile(join(examples, 'hide-from-address-list.ps1'), 'utf8'));
	t.is(parsed!.risk, 'write');
	t.deepEqual(parsed!.cmdlets, ['Get-Mailbox', 'Set-Mailbox']);
	t.regex(parsed!.description, /^Hides the mailboxes .* unchanged\. Try a dry run first\.$/, 'continuation lines join the description');
	t.deepEqual(parsed!.params.map(param => [param.name, param.required, param.kind, param.defaultValue]), [['mailboxes', true, 'list', undefined], ['hidden', false, 'choice', 'yes']]);
	t.deepEqual(parsed!.targets, {param: 'mailboxes', kind: 'mailbox'}, 'it declares which parameter names its targets');
});

test('each malformed header is reported with its line and the reason', t => {
	const cases: Array<[string, number, RegExp]> = [
		['Get-Mailbox\n', 1, /starts with the line "# tenantdeck operation"/],
		[header(['# title: T', '# description: D', '# risc: read', '# cmdlets: Get-Mailbox']), 4, /unknown header field "risc"; did you mean "risk"/],
		[header(['# title: T', '# description: D', '# cmdlets: Get-Mailbox']), 1, /no "risk:" line/],
		[header(['# title: T', '# description: D', '# risk: maybe', '# cmdlets: Get-Mailbox']), 4, /risk must be "read" or "write", not "maybe"/],
		[header(['# title: T', '# description: D', '# risk: read', '# cmdlets: Get-Mailbox, Set-Mailbox']), 5, /Set-Mailbox can change data, so this operation's risk must be "write"/],
		[header(['# title: T', '# description: D', '# risk: write', '# cmdlets: Set-Mailbox']), 5, /also needs a Get- cmdlet/],
		[header(['# title: T', '# description: D', '# risk: read', '# cmdlets: Connect-ExchangeOnline, Get-Mailbox']), 5, /leave out Connect-ExchangeOnline/],
		[header(['# title: T', '# description: D', '# risk: read', '# cmdlets: Get Mailbox']), 5, /"Get Mailbox" is not a cmdlet name/],
		[header([...valid, '# param: who (maybe) Someone']), 6, /parameter "who": unknown option "maybe"/],
		[header([...valid, '# param: who () Someone']), 6, /parameter "who": say whether it is required or optional/],
		[header([...valid, '# param: who (required, default: x) Someone']), 6, /required parameter cannot have a default/],
		[header([...valid, '# param: n (optional, number, default: lots) How many']), 6, /default "lots" is not a number/],
		[header([...valid, '# param: dryRun (optional) Mine']), 6, /the name is taken/],
		[header([...valid, '# param: who (required) A', '# param: WHO (optional) B']), 7, /"WHO": declared twice/],
		[header([...valid, '# param: who (required)']), 6, /add a description/],
		[header([...valid, '# param: who is required']), 6, /write a parameter as/],
		[header([...valid, '# title: Again']), 6, /"title" is given twice \(first on line 2\)/],
		[header(valid, '# only a comment'), 6, /no script after the header/],
		[header([...valid, '# an aside without a colon']), 6, /expected "field: value"/],
	];
	for (const [text, line, message] of cases) {
		const {header: parsed, problems} = parseCustomHeader(text);
		t.is(parsed, undefined, message.source);
		t.true(problems.some(problem => problem.line === line && message.test(problem.message)), `${message.source}: got ${JSON.stringify(problems)}`);
	}
	const named = customOperation({path: '/ops/bad name.ps1', name: 'bad name.ps1', text: header(valid)});
	t.regex(named.problems[0]!, /^\/ops\/bad name\.ps1:1: the file name becomes the operation id/);
	const located = customOperation({path: '/ops/x.ps1', name: 'x.ps1', text: header([...valid, '# risk: write'])});
	t.deepEqual(located.problems, ['/ops/x.ps1:6: "risk" is given twice (first on line 4)']);
});

test('several problems in one header are all reported, each on its own line, empty apart from missing', t => {
	const text = header([`# title: ${'x'.repeat(81)}`, '# description:', '# risk: read', '# cmdlets: Get-Mailbox', '# columns: name, bad column', '# param: who (maybe) Someone', '# param: n (optional) How many']);
	const {header: parsed, problems} = parseCustomHeader(text);
	t.is(parsed, undefined);
	t.deepEqual(problems.map(problem => problem.line), [2, 3, 6, 7]);
	t.regex(problems[0]!.message, /the title is 81 characters; keep it to 80/);
	t.is(problems[1]!.message, '"description" is empty');
	t.is(problems[2]!.message, 'column "bad column" should be a plain name (letters, digits, _)');
	t.regex(problems[3]!.message, /^parameter "who": unknown option "maybe"/);
});

test('parameters: the header becomes the schema that --param and the form are checked against', t => {
	const text = header([...valid,
		'# param: domain (required) Where to',
		'# param: limit (optional, number, default: 50) How many',
		'# param: boxes (optional, list) Which',
		'# param: mode (optional, one of: fast|slow, default: slow) How']);
	const operation = customOperation({path: 'p.ps1', name: 'P.ps1', text}).operation!;
	t.is(operation.id, 'custom:p');
	t.deepEqual(validateParams(operation, {domain: ' gmail.com '}), {domain: 'gmail.com', limit: 50, mode: 'slow'});
	t.deepEqual(validateParams(operation, {domain: 'a', limit: '7', boxes: 'x@a.com, y@a.com,x@a.com', mode: 'fast'}), {domain: 'a', limit: 7, boxes: ['x@a.com', 'y@a.com'], mode: 'fast'});
	t.throws(() => validateParams(operation, {}), {message: /^Parameter "domain"/});
	t.throws(() => validateParams(operation, {domain: 'a', limit: 'many'}), {message: /^Parameter "limit"/});
	t.throws(() => validateParams(operation, {domain: 'a', mode: 'medium'}), {message: /^Parameter "mode"/});
	const unknown = t.throws(() => validateParams(operation, {domain: 'a', other: '1'}), {message: /has no parameter "other"/}) as Error & {hint?: string};
	t.is(unknown.hint, 'It accepts: domain, limit, boxes, mode.');
});

/** An ExchangePort that records each call and answers with canned objects. */
function recordingExchange(answer: Array<Record<string, unknown>>): ExchangePort & {calls: ExchangeCall[]} {
	const calls: ExchangeCall[] = [];
	return {calls, async run(call) {
		calls.push(call);
		return answer;
	}};
}

async function collect(operation: ReturnType<typeof customOperation>['operation'], exchange: ExchangePort, params: Record<string, unknown>, dryRun: boolean): Promise<Row[]> {
	const unexpected = () => {
		throw new Error('a custom operation never calls Graph');
	};
	const graph = {get: unexpected, list: unexpected, patch: unexpected, post: unexpected} as unknown as GraphPort;
	const context: OperationContext = {tenant, graph, exchange, signal: new AbortController().signal, onRetry: () => {}, onPhase: () => {}, dryRun};
	const rows: Row[] = [];
	for await (const row of operation!.run(context, validateParams(operation!, params))) rows.push(row);
	return rows;
}

test('a run sends the file text unchanged, the parameters as data, and in a dry run loads only Get- cmdlets', async t => {
	const text = header(['# title: W', '# description: D', '# risk: write', '# cmdlets: Get-Mailbox, Set-Mailbox', '# param: who (required) Someone']);
	const operation = customOperation({path: 'w.ps1', name: 'w.ps1', text}).operation!;
	const hostile = `x'; Remove-Item -Recurse / ; $(throw) \`"`;
	const exchange = recordingExchange([
		{target: 'a@contoso.com', before: 'x', after: 'y', result: 'changed', extra: {nested: true}},
		{target: 'b@contoso.com', result: 'unchanged'},
		{target: 'c@contoso.com'},
		{target: 'd@contoso.com', result: 'Failed: mailbox is on hold'},
		{target: 'e@contoso.com', result: 'done, probably'},
	]);
	const real = await collect(operation, exchange, {who: hostile}, false);
	const dry = await collect(operation, exchange, {who: hostile}, true);
	const [realCall, dryCall] = exchange.calls;
	t.is(realCall!.script, text, 'the script is the file as written; nothing is spliced in');
	t.false(realCall!.script.includes('Remove-Item'));
	t.deepEqual(realCall!.args, {who: hostile, dryRun: false, tenantId: 't1', tenantDomain: 'contoso.com', tenantName: 'Contoso'});
	t.deepEqual([...realCall!.commands], ['Get-Mailbox', 'Set-Mailbox']);
	t.deepEqual([...dryCall!.commands], ['Get-Mailbox']);
	t.true(dryCall!.args['dryRun']);
	// Only a documented result counts: no result or an unknown one is never taken (or audited) as a change.
	t.deepEqual(real.map(row => row['result']), ['changed', 'unchanged', 'unknown: the script gave no result', 'failed: mailbox is on hold', 'unknown: done, probably']);
	t.true(exchange.calls.every(call => call.isolated), 'custom scripts always run isolated');
	t.deepEqual(real[0], {target: 'a@contoso.com', property: '', before: 'x', after: 'y', result: 'changed', extra: '{"nested":true}'});
	// In a dry run nothing can have changed, whatever the script claims.
	t.deepEqual(dry.map(row => row['result']), ['would change', 'unchanged', 'unknown: the script gave no result', 'failed: mailbox is on hold', 'unknown: done, probably']);
});

test('ops --ops-dir lists good files beside the built-ins and reports each bad one as file:line on stderr', async t => {
	const env = await tempEnv();
	const dir = await mkdtemp(join(tmpdir(), 'tenantdeck-ops-'));
	await writeFile(join(dir, 'good.ps1'), header(valid));
	await writeFile(join(dir, 'broken.ps1'), header(['# title: T', '# description: D', '# risk: sometimes', '# cmdlets: Get-Mailbox']));
	await writeFile(join(dir, 'notes.txt'), 'not an operation');
	// The config folder's operations load too; --ops-dir wins a clash of names.
	const configOps = join(env['XDG_CONFIG_HOME']!, 'tenantdeck', 'operations');
	await mkdir(configOps, {recursive: true});
	await writeFile(join(configOps, 'good.ps1'), header(valid));
	await writeFile(join(configOps, 'mine.ps1'), header(['# title: Mine', '# description: D', '# risk: read', '# cmdlets: Get-Mailbox']));

	const listed = await headless(['ops', '--ops-dir', dir], env);
	t.is(listed.code, 0);
	t.regex(listed.stdout, /^users-list\s+read/m);
	t.regex(listed.stdout, /^custom:good\s+read\s+exchange\s+T$/m);
	t.regex(listed.stdout, /^custom:mine\s+read\s+exchange\s+Mine$/m);
	t.false(listed.stdout.includes('custom:broken'));
	t.deepEqual(listed.stderr.trim().split('\n'), [
		`${join(dir, 'broken.ps1')}:4: risk must be "read" or "write", not "sometimes"`,
		`${join(configOps, 'good.ps1')}:1: custom:good is already defined by ${join(dir, 'good.ps1')}; this file is skipped`,
	]);

	const described = await headless(['ops', 'custom:good', '--ops-dir', dir], env);
	t.is(described.code, 0);
	t.regex(described.stdout, /custom:good — T \(read only, Exchange Online PowerShell\)/);
	t.true(described.stdout.includes(`-CommandName Get-Mailbox\n  $a = @{ dryRun = $false }; & '${join(dir, 'good.ps1')}' $a\n`), described.stdout);

	const missing = await headless(['ops', '--ops-dir', join(dir, 'nowhere')], env);
	t.is(missing.code, 2);
	t.regex(missing.stderr, /^tenantdeck: Cannot read the operations folder .*nowhere: ENOENT\./);
});

test('run refuses a custom write without --yes before touching a tenant, and names a broken file it skipped', async t => {
	const env = await tempEnv();
	const dir = await mkdtemp(join(tmpdir(), 'tenantdeck-ops-'));
	// No "targets:" line, so it runs in every selected tenant, and says so.
	await writeFile(join(dir, 'hide.ps1'), (await readFile(join(examples, 'hide-from-address-list.ps1'), 'utf8')).replace(/^# targets:.*\n/m, ''));
	await writeFile(join(dir, 'broken.ps1'), '# tenantdeck operation\n# title: B\n');
	const result = await headless(['run', '--sandbox', '--ops-dir', dir, '--op', 'custom:hide', '--param', 'mailboxes=a@b.com', '--tenants', 'all'], env);
	t.is(result.code, 2);
	t.regex(result.stderr, /^This script declares no targets: it will run in all 24 selected tenants\.$/m);
	t.regex(result.stderr, /^tenantdeck: custom:hide changes data in 24 tenants; add --yes to confirm\./m);
	t.regex(result.stderr, new RegExp(`^${join(dir, 'broken.ps1')}:1: the header has no "description:" line$`, 'm'));
	const unknown = await headless(['run', '--sandbox', '--op', 'custom:hide', '--tenants', 'all'], env);
	t.is(unknown.code, 2, 'without --ops-dir the file is not in the catalog');
	t.regex(unknown.stderr, /Unknown operation "custom:hide"/);
});
