// The lesson checks as pure functions over what the learner did: runs (from run events), the
// practice cloud before and now, and saved runbooks. The built-in lessons themselves are checked,
// so a mistake in a lesson file shows here too. Plus the reader of the real sandbox's data.

import test from 'ava';
import {readFile} from 'node:fs/promises';
import {evaluateLesson, type LessonObservation, type LessonRun, type WorldSnapshot} from '../../source/core/lessons/checks.js';
import {parseLesson, type Lesson} from '../../source/core/lessons/lesson.js';
import {readSandboxWorld} from '../../source/adapters/lesson-world.js';
import {startSandbox} from '../../source/sandbox/server.js';
import {exchangeRoute} from '../../source/sandbox/exchange.js';

const lessonFile = async (name: string): Promise<Lesson> => parseLesson(await readFile(`lessons/${name}.json`, 'utf8'), name);
const three = ['ella.novak@cliftondental.com', 'freya.murphy@cliftondental.com', 'maria.cooper@cliftondental.com'];
const dental = [{domain: 'cliftondental.com', name: 'clifton dental ltd'}];

function run(operationId: string, more: Partial<LessonRun> = {}): LessonRun {
	return {operationId, dryRun: false, tenants: dental, params: {}, finished: true, failed: 0, ...more};
}

const baselineUsers = new Map([...three, 'daniel.garcia@cliftondental.com'].map(user => [user, 'DisablePasswordExpiration']));
const world = (users: Record<string, string>, forwarding: Record<string, string> = {}): WorldSnapshot => ({users: new Map([...baselineUsers, ...Object.entries(users)]), forwarding: new Map(Object.entries(forwarding))});
const baseline = world({});

function seen(more: Partial<LessonObservation>): LessonObservation {
	return {screen: 'run', runs: [], customers: 24, baseline, world: baseline, runbooks: [], ...more};
}

const fixed = Object.fromEntries(three.map(user => [user, 'None']));
const report = run('password-never-expires-report');
const dryRun = run('password-never-expires-set', {dryRun: true, params: {users: three, neverExpires: 'off'}});
const realRun = run('password-never-expires-set', {params: {users: three, neverExpires: 'off'}});

test('lesson 2 passes step by step: the report, the dry run, then the three users changed in the cloud', async t => {
	const lesson = await lessonFile('2-password-never-expires');
	t.deepEqual(evaluateLesson(lesson, 0, seen({})), {step: 0, mistake: undefined, done: false});
	t.is(evaluateLesson(lesson, 0, seen({runs: [report]})).step, 1);
	t.is(evaluateLesson(lesson, 1, seen({runs: [report, dryRun]})).step, 2);
	// The real run's result is read from the cloud: a finished run whose users did not change is not enough.
	t.is(evaluateLesson(lesson, 2, seen({runs: [report, dryRun, realRun]})).step, 2);
	t.deepEqual(evaluateLesson(lesson, 2, seen({runs: [report, dryRun, realRun], world: world(fixed)})), {step: 3, mistake: undefined, done: true});
	// A dry run of other users, or one not finished, does not count.
	t.is(evaluateLesson(lesson, 1, seen({runs: [report, {...dryRun, params: {users: three.slice(0, 2)}}]})).step, 1);
	t.is(evaluateLesson(lesson, 1, seen({runs: [report, {...dryRun, finished: false}]})).step, 1);
	// A report on another tenant does not pass the first step.
	t.is(evaluateLesson(lesson, 0, seen({runs: [run('password-never-expires-report', {tenants: [{domain: 'orcharddental.com', name: 'orchard dental inc.'}]})]})).step, 0);
});

test('lesson 2: a real run without the dry run is a mistake that says why and how to undo it', async t => {
	const lesson = await lessonFile('2-password-never-expires');
	const progress = evaluateLesson(lesson, 1, seen({runs: [report, realRun], world: world(fixed)}));
	t.false(progress.done);
	t.regex(progress.mistake?.what ?? '', /ran password-never-expires-set for real without a dry run first/);
	t.regex(progress.mistake?.undo ?? '', /neverExpires = on/);
	t.regex(progress.mistake?.undo ?? '', /tenantdeck learn password-never-expires/);
	// Doing the dry run afterwards does not erase what happened.
	t.truthy(evaluateLesson(lesson, 1, seen({runs: [report, realRun, dryRun, realRun], world: world(fixed)})).mistake);
});

test('lesson 2: a fourth user changed is named with the exact undo, and the mistake clears once undone', async t => {
	const lesson = await lessonFile('2-password-never-expires');
	const four = [...three, 'daniel.garcia@cliftondental.com'];
	const runs = [report, {...dryRun, params: {users: four}}, {...realRun, params: {users: four}}];
	const wrong = evaluateLesson(lesson, 1, seen({runs, world: world({...fixed, 'daniel.garcia@cliftondental.com': 'None'})}));
	t.false(wrong.done);
	t.regex(wrong.mistake?.what ?? '', /You changed daniel\.garcia@cliftondental\.com, which this lesson did not ask for/);
	t.regex(wrong.mistake?.undo ?? '', /run password-never-expires-set for daniel\.garcia@cliftondental\.com \(neverExpires = on\)/);
	const undone = evaluateLesson(lesson, 1, seen({runs: [...runs, run('password-never-expires-set', {params: {users: ['daniel.garcia@cliftondental.com'], neverExpires: 'on'}})], world: world(fixed)}));
	t.deepEqual(undone, {step: 3, mistake: undefined, done: true});
});

test('lesson 1 needs every customer covered, and the results opened', async t => {
	const lesson = await lessonFile('1-admins-without-mfa');
	const all = Array.from({length: 24}, (_, index) => ({domain: `t${index}.com`, name: `t${index}`}));
	t.is(evaluateLesson(lesson, 0, seen({runs: [run('admins-list', {tenants: all.slice(0, 23)})]})).step, 0);
	t.is(evaluateLesson(lesson, 0, seen({runs: [run('admins-list', {tenants: all}), run('mfa-registration', {tenants: all, failed: 2})]})).step, 2);
	t.true(evaluateLesson(lesson, 2, seen({screen: 'results'})).done);
});

test('lesson 3: forwarding cleared on the two mailboxes only, at the one customer', async t => {
	const lesson = await lessonFile('3-forwarding-cleanup');
	const boxes = ['connor.taylor@yarmouthtiling.uk', 'isla.price@yarmouthtiling.uk'];
	const yarmouth = [{domain: 'yarmouthtiling.uk', name: 'yarmouth tiling'}];
	const before: WorldSnapshot = {users: new Map(), forwarding: new Map([[boxes[0]!, 'Connor Taylor (external)'], [boxes[1]!, 'smtp:isla14@icloud.com'], ['ella.hughes@maltontravel.ie', 'Ella Hughes (external)']])};
	const cleared: WorldSnapshot = {users: new Map(), forwarding: new Map([...before.forwarding, [boxes[0]!, ''], [boxes[1]!, '']])};
	const runs = [run('mailbox-forwarding-report', {tenants: yarmouth}), run('mailbox-forwarding-remove', {dryRun: true, tenants: yarmouth, params: {mailboxes: boxes}}), run('mailbox-forwarding-remove', {tenants: yarmouth, params: {mailboxes: boxes}})];
	t.true(evaluateLesson(lesson, 0, seen({runs, baseline: before, world: cleared})).done);

	const malton = [{domain: 'maltontravel.ie', name: 'malton travel limited'}];
	const strayWorld: WorldSnapshot = {users: new Map(), forwarding: new Map([...cleared.forwarding, ['ella.hughes@maltontravel.ie', '']])};
	const wrongTenant = evaluateLesson(lesson, 0, seen({runs: [...runs, run('mailbox-forwarding-remove', {tenants: malton, params: {mailboxes: ['ella.hughes@maltontravel.ie']}})], baseline: before, world: strayWorld}));
	t.false(wrongTenant.done);
	t.regex(wrongTenant.mistake?.what ?? '', /You ran mailbox-forwarding-remove on maltontravel\.ie; this lesson works on yarmouthtiling\.uk only/);
});

test('lesson 4: a runbook saved with the operation and every customer', async t => {
	const lesson = await lessonFile('4-weekly-runbook');
	const all = Array.from({length: 24}, (_, index) => ({domain: `t${index}.com`, name: `t${index}`}));
	const ran = seen({runs: [run('password-never-expires-report', {tenants: all})]});
	t.is(evaluateLesson(lesson, 0, ran).step, 1);
	t.false(evaluateLesson(lesson, 1, {...ran, runbooks: [{operation: 'users-list', tenants: all.map(tenant => tenant.domain)}]}).done);
	t.false(evaluateLesson(lesson, 1, {...ran, runbooks: [{operation: 'password-never-expires-report', tenants: ['t1.com']}]}).done);
	t.true(evaluateLesson(lesson, 1, {...ran, runbooks: [{operation: 'password-never-expires-report', tenants: all.map(tenant => tenant.domain)}]}).done);
});

test('the practice cloud\'s users and forwarding are read through its control endpoints', async t => {
	const sandbox = await startSandbox({routes: [context => exchangeRoute(context)]});
	t.teardown(() => sandbox.stop());
	const snapshot = await readSandboxWorld(sandbox.url, {mailboxes: true});
	for (const user of three) t.regex(snapshot.users.get(user) ?? '', /DisablePasswordExpiration/, user);
	t.not(snapshot.forwarding.get('connor.taylor@yarmouthtiling.uk'), '');
	t.not(snapshot.forwarding.get('isla.price@yarmouthtiling.uk'), '');
	t.true([...snapshot.forwarding.values()].includes(''), 'mailboxes without forwarding read as ""');
	const usersOnly = await readSandboxWorld(sandbox.url, {mailboxes: false});
	t.is(usersOnly.forwarding.size, 0);
	t.is(usersOnly.users.size, snapshot.users.size);
});
