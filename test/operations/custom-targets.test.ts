// A custom write declares which parameter names its targets ("targets: mailboxes (mailbox)"), and
// they are matched to the selected tenants exactly like a built-in's: names no selected tenant owns
// stop the run before anything changes, each tenant gets only its own. A custom write that declares
// none says plainly that it runs in every selected tenant.

import test from 'ava';
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {customOperation} from '../../source/core/custom-operation.js';
import {parseCustomHeader} from '../../source/core/custom-operation-header.js';
import {powershellPreview, resolveWriteTargets} from '../../source/core/write-targets.js';
import {startSandbox} from '../../source/sandbox/server.js';
import {unexpectedGraph} from '../fakes/ports.js';
import {headless, tempEnv} from '../helpers/headless.js';
import {startExchangeSandbox, testWithPowerShell} from '../helpers/powershell.js';

const examples = join(import.meta.dirname, '../../examples/operations');
const hidePath = join(examples, 'hide-from-address-list.ps1');
const header = (lines: string[]) => `# tenantdeck operation\n${lines.join('\n')}\n#\n$a = $Args[0]\n"ok"\n`;
const write = ['# title: W', '# description: D', '# risk: write', '# cmdlets: Get-Mailbox, Set-Mailbox'];
const alpha = {tenantId: 'a', tenantDomain: 'alpha.com', tenantName: 'Alpha', source: 'gdap'} as const;
const beta = {tenantId: 'b', tenantDomain: 'beta.com', tenantName: 'Beta', source: 'gdap'} as const;

test('"targets:" becomes the same declaration a built-in makes: mailboxes by domain, users looked up', t => {
	const mailboxes = customOperation({path: 'm.ps1', name: 'm.ps1', text: header([...write, '# param: Boxes (required, list) Addresses', '# targets: boxes (mailbox)'])}).operation!;
	t.deepEqual(mailboxes.targets, {param: 'Boxes', lookup: 'domain', noun: 'mailbox'}, 'the parameter as its param line spells it');
	t.deepEqual(mailboxes.permissions?.graph, []);
	const users = customOperation({path: 'u.ps1', name: 'u.ps1', text: header([...write, '# param: who (required, list) Sign-in names', '# targets: who (User)'])}).operation!;
	t.deepEqual(users.targets, {param: 'who', lookup: 'user', noun: 'user'});
	t.deepEqual(users.permissions?.graph, ['User.Read.All'], 'looking users up before the run reads them');
	const untargeted = customOperation({path: 'n.ps1', name: 'n.ps1', text: header([...write, '# param: who (required, list) Names'])}).operation!;
	t.is(untargeted.targets, undefined);
});

test('a wrong "targets:" line is reported on its line with what to write instead', t => {
	const cases: Array<[string[], RegExp]> = [
		[['# title: R', '# description: D', '# risk: read', '# cmdlets: Get-Mailbox', '# param: boxes (required, list) A', '# targets: boxes (mailbox)'], /only a write operation declares targets/],
		[[...write, '# param: boxes (required, list) A', '# targets: mailboxes (mailbox)'], /names parameter "mailboxes", which no "param:" line declares \(the parameters are boxes\)/],
		[[...write, '# param: boxes (required) A', '# targets: boxes (mailbox)'], /"boxes" must be a list: add "list" to its options/],
		[[...write, '# param: boxes (optional, list) A', '# targets: boxes (mailbox)'], /"boxes" must be required: a write that names no targets would run in every selected tenant/],
		[[...write, '# param: boxes (required, list) A', '# targets: boxes'], /write targets as "targets: <list parameter> \(user\)"/],
		[[...write, '# param: boxes (required, list) A', '# targets: boxes (group)'], /"group" is neither user nor mailbox/],
	];
	for (const [lines, message] of cases) {
		const {header: parsed, problems} = parseCustomHeader(header(lines));
		t.is(parsed, undefined, message.source);
		t.true(problems.some(problem => problem.line === 7 && message.test(problem.message)), `${message.source}: got ${JSON.stringify(problems)}`);
	}
});

test('the confirmation\'s PowerShell for a custom write with targets: per tenant, its own targets and the values chosen', async t => {
	const {operation} = customOperation({path: hidePath, name: 'hide-from-address-list.ps1', text: await readFile(hidePath, 'utf8')});
	const params = {mailboxes: ['x@alpha.com', 'y@beta.com', 'o\'brien@beta.com'], hidden: 'no'};
	const plan = await resolveWriteTargets({operation: operation!, params, selected: [alpha, beta], known: [alpha, beta], graph: unexpectedGraph});
	t.deepEqual(plan.problems, []);
	t.deepEqual(powershellPreview(operation!, plan, params), [
		'Connect-ExchangeOnline -DelegatedOrganization alpha.com -AccessToken <token> -CommandName Get-Mailbox,Set-Mailbox',
		`$a = @{ mailboxes = @('x@alpha.com'); hidden = 'no'; dryRun = $false }; & '${hidePath}' $a`,
		'Connect-ExchangeOnline -DelegatedOrganization beta.com -AccessToken <token> -CommandName Get-Mailbox,Set-Mailbox',
		`$a = @{ mailboxes = @('y@beta.com', 'o''brien@beta.com'); hidden = 'no'; dryRun = $false }; & '${hidePath}' $a`,
	]);
});

test('headless: a custom write\'s targets outside the selection or misspelt stop it before anything runs (exit 2), with the nearest match', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	const world = sandbox.context.world;
	const [first, second, outside] = world.customers;
	const mailbox = world.detail(first!).users.find(user => user.userPrincipalName.endsWith(`@${first!.defaultDomain}`))!.userPrincipalName;
	const other = world.detail(outside!).users[0]!.userPrincipalName;
	const misspelt = `someone@${second!.defaultDomain.replace(/^(.)(.)/, '$2$1')}`;
	const env = await tempEnv();
	const base = ['run', '--sandbox-url', sandbox.url, '--ops-dir', examples, '--op', 'custom:hide-from-address-list', '--tenants', `${first!.defaultDomain},${second!.defaultDomain}`, '--param', `mailboxes=${mailbox},${other},${misspelt}`];
	for (const mode of ['--yes', '--dry-run']) {
		const refused = await headless([...base, mode], env);
		t.is(refused.code, 2, refused.stderr);
		t.regex(refused.stderr, /custom:hide-from-address-list: 2 mailboxes cannot be matched to the selected tenants, so nothing was run/);
		t.true(refused.stderr.includes(`${other}: its domain belongs to ${outside!.name} (${outside!.defaultDomain}), which is not selected`), refused.stderr);
		t.true(refused.stderr.includes(`${misspelt}: no selected tenant owns the domain`), refused.stderr);
		t.true(refused.stderr.includes(`did you mean someone@${second!.defaultDomain}?`), refused.stderr);
		t.notRegex(refused.stderr, /^(Running|Dry run of) /m);
	}
	// Without --yes, the count is what the targets touch, not the selection.
	const asked = await headless([...base.slice(0, -2), '--param', `mailboxes=${mailbox}`], env);
	t.is(asked.code, 2);
	t.regex(asked.stderr, /^Left out 1 selected tenant that owns none of the named mailboxes: /m);
	t.regex(asked.stderr, /custom:hide-from-address-list changes data in 1 mailbox in 1 tenant; add --yes to confirm/);
});

test('headless: a custom write that declares no targets says it will run in every selected tenant', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	const dir = await mkdtemp(join(tmpdir(), 'tenantdeck-ops-'));
	await writeFile(join(dir, 'stamp.ps1'), header([...write, '# param: who (required, list) Mailboxes']));
	const result = await headless(['run', '--sandbox-url', sandbox.url, '--ops-dir', dir, '--op', 'custom:stamp', '--tenants', 'all', '--param', 'who=a@b.com'], await tempEnv());
	t.is(result.code, 2);
	t.regex(result.stderr, /^This script declares no targets: it will run in all 24 selected tenants\.$/m);
	t.regex(result.stderr, /custom:stamp changes data in 24 tenants; add --yes to confirm/);
});

testWithPowerShell('headless: a custom write runs each tenant with only its own targets; --drop-unmatched gives up the rest out loud', async t => {
	const sandbox = await startExchangeSandbox();
	t.teardown(() => sandbox.stop());
	const world = sandbox.context.world;
	const [first, second, idle] = world.customers;
	const own = (tenant: typeof first) => world.detail(tenant!).users.filter(user => user.userType === 'Member' && user.userPrincipalName.endsWith(`@${tenant!.defaultDomain}`)).map(user => user.userPrincipalName);
	const named = [own(first)[0]!, own(second)[0]!, own(second)[1]!, `nobody@unknown-${first!.defaultDomain}`];
	const result = await headless(['run', '--sandbox-url', sandbox.url, '--ops-dir', examples, '--op', 'custom:hide-from-address-list', '--tenants', [first, second, idle].map(tenant => tenant!.defaultDomain).join(','),
		'--param', `mailboxes=${named.join(',')}`, '--dry-run', '--drop-unmatched', '--format', 'json'], await tempEnv());
	t.is(result.code, 0, result.stderr);
	t.regex(result.stderr, /^Dropped 1 mailbox \(--drop-unmatched\); they are not changed:/m);
	t.true(result.stderr.includes(`Left out 1 selected tenant that owns none of the named mailboxes: ${idle!.defaultDomain}\n`), result.stderr);
	t.regex(result.stderr, /^Dry run of custom:hide-from-address-list on 2 tenants/m);
	const rows = JSON.parse(result.stdout) as Array<Record<string, string>>;
	// One row per named mailbox, in its own tenant only: no tenant saw another's addresses.
	t.deepEqual(rows.map(row => `${row['tenantDomain']} ${row['target']!.toLowerCase()}`).sort(), [
		`${first!.defaultDomain} ${named[0]!.toLowerCase()}`,
		`${second!.defaultDomain} ${named[1]!.toLowerCase()}`,
		`${second!.defaultDomain} ${named[2]!.toLowerCase()}`,
	].sort());
});
