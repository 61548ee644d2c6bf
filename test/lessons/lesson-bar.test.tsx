// The lesson bar as the learner sees it above every screen: the step, what to do and why; a
// mistake with its undo; the closing PowerShell — and the screen under it still fits the terminal.
// The welcome screen's "Guided practice" starts the lessons.

import test from 'ava';
import type {LessonView} from '../../source/app/state/lesson-view.js';
import {given, stateWith, tenants} from '../app/fixtures.js';
import {show} from '../app/show.js';

const step: LessonView = {
	id: 'password-never-expires', title: 'Fix "password never expires" for three users', step: 1, stepCount: 3,
	do: 'Press N, Enter, pick password-never-expires-set. users: ella.novak@cliftondental.com, freya.murphy@cliftondental.com, maria.cooper@cliftondental.com; Tab, → to neverExpires off; Enter. Then Tab for a dry run.',
	why: 'A dry run shows every user\'s before and after and changes nothing.', done: false,
	powershell: ['Connect-MsolService', 'Set-MsolUser -UserPrincipalName $upn -PasswordNeverExpires $false -TenantId $t'],
};
const picker = (lesson: LessonView) => stateWith(given({screen: 'tenants', tenantsPhase: 'ready', cloud: 'sandbox', lesson}), {type: 'picker', action: {type: 'set-tenants', tenants: tenants(40)}});
const flat = (frame: string) => frame.replace(/\s+/g, ' ');

for (const [width, height] of [[80, 23], [60, 19], [120, 39]] as const) {
	test.serial(`at ${width}×${height + 1} the lesson bar sits above the screen and everything fits`, t => {
		const screen = show(t, picker(step), {width, height});
		const lines = screen.frame().split('\n');
		t.true(lines.length <= height, `${lines.length} lines`);
		t.true(lines.every(line => line.length <= width), `${Math.max(...lines.map(line => line.length))} columns`);
		t.regex(lines[0]!, /^Lesson step 2 of 3 · Fix "password never expires"/);
		t.regex(flat(screen.frame()), /Do: Press N, Enter, pick password-never-expires-set.*Then Tab for a dry run\./, 'the whole step is readable');
		// The screen is still whole under it: its title and its key hints.
		t.true(lines.some(line => line.startsWith('tenantdeck · ')), 'the screen title shows');
		t.regex(lines.at(-1)!, /\? help/);
		screen.unmount();
	});
}

test.serial('a mistake replaces the step with what went wrong and how to undo it', t => {
	const mistake = {what: 'You changed daniel.garcia@cliftondental.com, which this lesson did not ask for.', undo: 'Put it back: run password-never-expires-set for daniel.garcia@cliftondental.com (neverExpires = on).'};
	const screen = show(t, picker({...step, step: 3, mistake}), {width: 80, height: 23});
	const frame = flat(screen.frame());
	t.regex(frame, /Not quite: You changed daniel\.garcia@cliftondental\.com/);
	t.regex(frame, /To undo: Put it back: run password-never-expires-set for daniel\.garcia@cliftondental\.com \(neverExpires = on\)/);
	t.notRegex(frame, /Do: /);
	screen.unmount();
});

test.serial('a finished lesson shows the PowerShell no longer typed and the next lesson', t => {
	const screen = show(t, picker({...step, step: 3, done: true, next: 'weekly-runbook'}), {width: 80, height: 23});
	const frame = flat(screen.frame());
	t.regex(frame, /Lesson done · Fix "password never expires" for three users\. The per-tenant PowerShell you no longer have to type:/);
	t.regex(frame, /Set-MsolUser -UserPrincipalName \$upn -PasswordNeverExpires \$false -TenantId \$t/);
	t.regex(frame, /Next: tenantdeck learn weekly-runbook/);
	screen.unmount();
});

test.serial('the welcome screen offers Guided practice, and Enter on it starts the lessons', async t => {
	const screen = show(t, stateWith(given({screen: 'welcome'})), {width: 80, height: 23});
	t.regex(screen.frame(), /Guided practice/);
	t.regex(flat(screen.frame()), /Short lessons on simulated customers/);
	await screen.press('j');
	t.deepEqual(screen.calls.at(-1), ['welcomeMove', [1]]);
	screen.unmount();
	const onIt = show(t, stateWith(given({screen: 'welcome', welcomeCursor: 1})), {width: 80, height: 23});
	await onIt.press('\r');
	t.deepEqual(onIt.names(), ['startPractice']);
	onIt.unmount();
});
