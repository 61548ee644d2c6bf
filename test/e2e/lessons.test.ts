// Guided lessons in a real terminal at 80×24: a newcomer runs `tenantdeck learn <id>` and does only
// what the lesson bar says — every key pressed here is first found in the bar's text — until the
// lesson checks the practice cloud and ends with the PowerShell they no longer type. Wrong turns
// (a real run before the dry run, a fourth user changed) are explained, with how to undo them.

import test, {type ExecutionContext} from 'ava';
import {existsSync} from 'node:fs';
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import stripAnsi from 'strip-ansi';
import {ensureBundle} from '../helpers/bundle.js';
import {requiredTool} from '../helpers/required-tool.js';
import {flat, openPane, type Pane} from '../helpers/tmux-pane.js';
import {locatePowerShell} from '../helpers/powershell.js';

const tmuxTool = requiredTool('tmux', 'TENANTDECK_REQUIRE_TMUX');
const three = 'ella.novak@cliftondental.com, freya.murphy@cliftondental.com, maria.cooper@cliftondental.com';

type Learner = {pane: Pane; home: string};

async function startLesson(t: ExecutionContext, id: string): Promise<Learner> {
	const home = await mkdtemp(join(tmpdir(), 'tenantdeck-learn-'));
	const pane = await openPane({columns: 80, rows: 24, home, args: `learn ${id}`, name: 'learn'});
	t.teardown(async () => {
		await pane.close();
		await rm(home, {recursive: true, force: true});
	});
	await pane.waitFor(screen => /0 selected of \d+/.test(screen) && /step 1 of/.test(screen), 'the tenant list under the lesson bar', 60_000);
	return {pane, home};
}

/**
 * The lesson bar must say it before the learner does it: nothing is typed until it does. Waited for,
 * not read once: a capture taken while tmux is still drawing the frame can lack the bar.
 */
async function says(t: ExecutionContext, pane: Pane, instruction: RegExp): Promise<void> {
	const screen = flat(await pane.waitFor(current => instruction.test(flat(current)), `the lesson bar to say ${instruction.source}`));
	t.regex(screen, instruction, 'the lesson bar says what to do');
}

/** Moves down the operation list until the highlighted (inverse) row is the operation wanted. */
async function pickOperation(pane: Pane, id: string): Promise<void> {
	const rows = (screen: string) => screen.split('\n').filter(line => /^\[(?:read|WRITE)\] +\S/.test(stripAnsi(line)));
	const isInverse = (line: string) => /\u001B\[(?:\d+;)*7m/.test(line);
	// The highlighted row once exactly one row is drawn highlighted (a frame tmux has finished drawing).
	const settled = async (check: (row: string, screen: string) => boolean, what: string): Promise<string> => {
		for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise(resolve => setTimeout(resolve, 50))) {
			const screen = await pane.captureStyled();
			const lit = rows(screen).filter(isInverse);
			if (lit.length === 1 && check(stripAnsi(lit[0]!), screen)) return stripAnsi(lit[0]!);
		}
		throw new Error(`timed out waiting for ${what}:\n${await pane.capture()}`);
	};
	// g goes to the top: wait until the first row is the highlighted one before reading on.
	await pane.keys('g');
	let row = await settled((lit, screen) => lit === stripAnsi(rows(screen)[0]!), 'the first operation highlighted');
	for (let moves = 0; moves < 14; moves++) {
		if (new RegExp(`^\\[(?:read|WRITE)\\] +${id} `).test(row)) {
			await pane.keys('Enter');
			return;
		}
		// Each j is seen to land before the next is typed, so no row is skipped on a slow machine.
		const before = row;
		await pane.keys('j');
		row = await settled(lit => lit !== before, `the highlight to move on from ${before.split(/\s+/)[1]}`);
	}
	throw new Error(`${id} is not in the operation list:\n${await pane.capture()}`);
}

/**
 * The confirmation once the names are checked and the plan is shown: confirmed earlier, the Enter only
 * says "Still checking the names" (right for a user, who reads the screen first).
 */
const confirmationReady = (screen: string) => /Confirm: Set password never expires/.test(screen) && /then Enter, to make the change/.test(flat(screen));

async function selectOne(t: ExecutionContext, pane: Pane, filter: string): Promise<void> {
	await says(t, pane, new RegExp(`Press / and type ${filter}, Enter, Space to select`));
	await pane.keys('/');
	await pane.type(filter);
	await pane.waitFor(/1 shown/, `the filter "${filter}"`);
	await pane.keys('Enter', 'Space');
	await pane.waitFor(/1 selected of \d+/, 'one tenant selected');
	await pane.keys('Enter');
	await pane.waitFor(/Operation for 1 tenant/, 'the operation list');
}

async function runReport(pane: Pane, id: string, nextStep: RegExp, timeoutMs = 30_000): Promise<void> {
	await pickOperation(pane, id);
	await pane.waitFor(/takes no parameters/, 'the empty parameters form');
	await pane.keys('Enter');
	await pane.waitFor(screen => nextStep.test(flat(screen)), `the lesson to move on after ${id}`, timeoutMs);
}

/** Lesson 2 up to the form of password-never-expires-set, filled with these users and neverExpires off. */
async function reportThenSetForm(t: ExecutionContext, learner: Learner, users: string): Promise<void> {
	const {pane} = learner;
	await selectOne(t, pane, 'clifton dental');
	await runReport(pane, 'password-never-expires-report', /step 2 of 3/);
	await says(t, pane, /Press N, Enter \(Clifton Dental stays selected\), pick password-never-expires-set/);
	await pane.keys('N');
	await pane.waitFor(/1 selected of \d+/, 'the tenant list with Clifton Dental still selected');
	await pane.keys('Enter');
	await pane.waitFor(/Operation for 1 tenant/, 'the operation list');
	await pickOperation(pane, 'password-never-expires-set');
	await pane.waitFor(/— parameters/, 'the parameters form');
	await says(t, pane, /users: ella\.novak@cliftondental\.com, freya\.murphy@cliftondental\.com, maria\.cooper@cliftondental\.com; Tab, → to neverExpires off; Enter/);
	await pane.type(users);
	await pane.keys('Tab', 'Right');
	await pane.waitFor(/‹ off ›/, 'neverExpires off');
	await pane.keys('Enter');
	// The confirmation first resolves the users against the selected tenants; Tab works once it offers it.
	await pane.waitFor(screen => /Confirm: Set password never expires/.test(screen) && /Press Tab for a dry run/.test(screen), 'the confirmation');
}

async function dryRunThenReal(t: ExecutionContext, pane: Pane, dryRunDone: RegExp): Promise<void> {
	await says(t, pane, /Then Tab for a dry run/);
	await pane.keys('Tab');
	await pane.waitFor(screen => dryRunDone.test(flat(screen)), 'the dry run checked', 30_000);
	await says(t, pane, /Esc, then Esc again back to the confirmation; type 1 \(the tenant count\) and press Enter/);
	await pane.keys('Enter');
	// The bar quotes "would change" too: wait for the rows screen itself and the users in it.
	await pane.waitFor(screen => /Rows of Clifton Dental Ltd/.test(screen) && /ella\.novak@/.test(screen), 'the dry run\'s rows');
	await pane.keys('Escape');
	await pane.waitFor(screen => /\(dry run\) — finished/.test(screen) && !/Rows of/.test(screen), 'the dry run\'s run view');
	await pane.keys('Escape');
	await pane.waitFor(confirmationReady, 'the confirmation again');
	await pane.keys('1', 'Enter');
}

async function finish(t: ExecutionContext, learner: Learner, id: string, powershell: RegExp): Promise<void> {
	const {pane, home} = learner;
	const done = await pane.waitFor(screen => /The per-tenant PowerShell you no longer have to type/.test(flat(screen)), 'the lesson\'s end', 60_000);
	t.regex(flat(done), powershell, 'the old PowerShell is shown');
	t.notRegex(flat(done), /Not quite/);
	await pane.keys('q');
	await pane.waitFor(/tenantdeck-exit=0/, 'a clean exit');
	const progress = JSON.parse(await readFile(join(home, 'state', 'tenantdeck', 'lessons-progress.json'), 'utf8')) as {done: Record<string, string>};
	t.truthy(progress.done[id], 'the lesson is remembered as done');
}

test.before(async () => {
	if (tmuxTool.path) await ensureBundle();
});

const title = tmuxTool.title;
const lessonTest = tmuxTool.run ? test.serial : test.skip;

lessonTest(title('lesson 2 at 80×24: report, dry run, then exactly the three users changed in the practice cloud'), async t => {
	if (!tmuxTool.path) return t.fail(`${tmuxTool.switchName}=1 but tmux is not on PATH`);
	const learner = await startLesson(t, 'password-never-expires');
	await reportThenSetForm(t, learner, three);
	await dryRunThenReal(t, learner.pane, /step 3 of 3/);
	await finish(t, learner, 'password-never-expires', /Set-MsolUser -UserPrincipalName \$upn -PasswordNeverExpires \$false -TenantId \$t/);
});

lessonTest(title('lesson 2: a real run without the dry run is explained, with how to undo it'), async t => {
	if (!tmuxTool.path) return t.fail(`${tmuxTool.switchName}=1 but tmux is not on PATH`);
	const learner = await startLesson(t, 'password-never-expires');
	await reportThenSetForm(t, learner, three);
	await learner.pane.keys('1', 'Enter');
	const screen = flat(await learner.pane.waitFor(current => /Not quite/.test(current), 'the mistake', 30_000));
	t.regex(screen, /Not quite: You ran password-never-expires-set for real without a dry run first/);
	t.regex(screen, /To undo: Put the users back: run password-never-expires-set for the same users with neverExpires = on/);
	t.notRegex(screen, /no longer have to type/);
});

lessonTest(title('lesson 2: a fourth user changed is named, and undoing it as the bar says completes the lesson'), async t => {
	if (!tmuxTool.path) return t.fail(`${tmuxTool.switchName}=1 but tmux is not on PATH`);
	const learner = await startLesson(t, 'password-never-expires');
	const {pane} = learner;
	await reportThenSetForm(t, learner, `${three}, daniel.garcia@cliftondental.com`);
	await dryRunThenReal(t, pane, /step 3 of 3/);
	const wrong = flat(await pane.waitFor(current => /Not quite/.test(current), 'the mistake', 30_000));
	t.regex(wrong, /Not quite: You changed daniel\.garcia@cliftondental\.com, which this lesson did not ask for/);
	t.regex(wrong, /To undo: Put it back: run password-never-expires-set for daniel\.garcia@cliftondental\.com \(neverExpires = on\)/);

	// The undo, with the normal keys: a new run of the same operation for that user, left at "on".
	await pane.keys('N');
	await pane.waitFor(/1 selected of \d+/, 'the tenant list');
	await pane.keys('Enter');
	await pane.waitFor(/Operation for 1 tenant/, 'the operation list');
	await pickOperation(pane, 'password-never-expires-set');
	await pane.waitFor(/— parameters/, 'the parameters form');
	await pane.type('daniel.garcia@cliftondental.com');
	await pane.keys('Enter');
	await pane.waitFor(confirmationReady, 'the confirmation');
	await pane.keys('1', 'Enter');
	await finish(t, learner, 'password-never-expires', /Set-MsolUser/);
});

lessonTest(title('lesson 1 at 80×24: admins, then users without MFA across every customer, then one table'), async t => {
	if (!tmuxTool.path) return t.fail(`${tmuxTool.switchName}=1 but tmux is not on PATH`);
	const learner = await startLesson(t, 'admins-without-mfa');
	const {pane} = learner;
	await says(t, pane, /press a to select every customer, then Enter\. Pick admins-list .* type global in the role field and press Enter/);
	await pane.keys('a');
	await pane.waitFor(/24 selected of 24/, 'every customer selected');
	await pane.keys('Enter');
	await pane.waitFor(/Operation for 24 tenants/, 'the operation list');
	await pickOperation(pane, 'admins-list');
	await pane.waitFor(/— parameters/, 'the parameters form');
	await pane.type('global');
	await pane.keys('Enter');
	await pane.waitFor(screen => /step 2 of 3/.test(flat(screen)), 'the admins run checked', 60_000);
	await says(t, pane, /press N for a new run: keep every customer selected, press Enter, pick mfa-registration/);
	await pane.keys('N');
	await pane.waitFor(/24 selected of 24/, 'every customer still selected');
	await pane.keys('Enter');
	await pane.waitFor(/Operation for 24 tenants/, 'the operation list');
	await runReport(pane, 'mfa-registration', /step 3 of 3/, 60_000);
	await says(t, pane, /press v to see every customer's rows in one table/);
	await pane.keys('v');
	await finish(t, learner, 'admins-without-mfa', /Get-MsolRoleMember -RoleObjectId \$role\.ObjectId -TenantId \$t/);
});

lessonTest(title('lesson 4 at 80×24: the weekly check over every customer saved as a runbook file'), async t => {
	if (!tmuxTool.path) return t.fail(`${tmuxTool.switchName}=1 but tmux is not on PATH`);
	const learner = await startLesson(t, 'weekly-runbook');
	const {pane, home} = learner;
	await says(t, pane, /press a to select every customer, then Enter\. Pick password-never-expires-report/);
	await pane.keys('a');
	await pane.waitFor(/24 selected of 24/, 'every customer selected');
	await pane.keys('Enter');
	await pane.waitFor(/Operation for 24 tenants/, 'the operation list');
	await runReport(pane, 'password-never-expires-report', /step 2 of 2/, 60_000);
	await says(t, pane, /press b on the run screen to save/);
	await pane.keys('b');
	// Practice keeps its runbooks with the rest of practice, not among the user's own.
	const folder = join(home, 'config', 'tenantdeck', 'sandbox', 'runbooks');
	await finish(t, learner, 'weekly-runbook', /tenantdeck run --runbook <file>/);
	const [file] = await readdir(folder);
	const runbook = JSON.parse(await readFile(join(folder, file!), 'utf8')) as {operation: string; tenants: string[]};
	t.is(runbook.operation, 'password-never-expires-report');
	t.is(runbook.tenants.length, 24);
	t.false(existsSync(join(home, 'config', 'tenantdeck', 'runbooks')), 'the real runbooks folder untouched');
});

const powershell = await locatePowerShell();
const exchangeReady = tmuxTool.run && (typeof powershell !== 'string' || process.env['TENANTDECK_REQUIRE_PWSH'] === '1');
(exchangeReady ? test.serial : test.skip)(title(`lesson 3 at 80×24: forwarding found and removed at one customer, through PowerShell${typeof powershell === 'string' ? ` (${powershell})` : ''}`), async t => {
	if (!tmuxTool.path) return t.fail(`${tmuxTool.switchName}=1 but tmux is not on PATH`);
	if (typeof powershell === 'string') return t.fail(`TENANTDECK_REQUIRE_PWSH=1 but ${powershell}`);
	const learner = await startLesson(t, 'forwarding-cleanup');
	const {pane} = learner;
	await selectOne(t, pane, 'yarmouth');
	await runReport(pane, 'mailbox-forwarding-report', /step 2 of 3/, 90_000);
	await says(t, pane, /mailboxes: connor\.taylor@yarmouthtiling\.uk, isla\.price@yarmouthtiling\.uk/);
	await pane.keys('N');
	await pane.waitFor(/1 selected of \d+/, 'the tenant list');
	await pane.keys('Enter');
	await pane.waitFor(/Operation for 1 tenant/, 'the operation list');
	await pickOperation(pane, 'mailbox-forwarding-remove');
	await pane.waitFor(/— parameters/, 'the parameters form');
	await pane.type('connor.taylor@yarmouthtiling.uk, isla.price@yarmouthtiling.uk');
	await pane.keys('Enter');
	await pane.waitFor(screen => /Confirm: Remove mailbox forwarding/.test(screen) && /Press Tab for a dry run/.test(screen), 'the confirmation');
	await says(t, pane, /Then Tab for a dry run/);
	await pane.keys('Tab');
	await pane.waitFor(screen => /step 3 of 3/.test(flat(screen)), 'the dry run checked', 90_000);
	await says(t, pane, /Press Esc to go back to the confirmation, type 1 \(the tenant count\) and press Enter/);
	await pane.keys('Escape');
	await pane.waitFor(/Confirm: Remove mailbox forwarding/, 'the confirmation again');
	await pane.keys('1', 'Enter');
	await finish(t, learner, 'forwarding-cleanup', /Remove-PSSession \$s/);
});
