// Lesson files: every built-in lesson loads; a bad file (a partner's own) is skipped with one line
// naming the file and the problem while the rest still load; progress survives and a broken
// progress file is set aside, not trusted; `tenantdeck learn --list` says what is done.

import test from 'ava';
import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {parseLesson} from '../../source/core/lessons/lesson.js';
import {describeError} from '../../source/core/errors.js';
import {loadLessons, markLessonDone, progressPath, readLessonProgress} from '../../source/adapters/lesson-files.js';
import {userFolders} from '../../source/adapters/paths.js';
import {builtInOperations} from '../../source/core/catalog.js';
import {headless, tempEnv} from '../helpers/headless.js';

test('the four built-in lessons load, each naming only real operations and ending with PowerShell', async t => {
	const env = await tempEnv();
	const {lessons, problems} = await loadLessons(userFolders(env).config);
	t.deepEqual(problems, []);
	t.deepEqual(lessons.map(entry => entry.lesson.id), ['admins-without-mfa', 'password-never-expires', 'forwarding-cleanup', 'weekly-runbook']);
	const known = new Set(builtInOperations.map(operation => operation.id));
	for (const {lesson} of lessons) {
		const named = [...lesson.steps.map(step => step.check), ...lesson.guards].flatMap(check => ('operation' in check ? [check.operation] : []));
		t.deepEqual(named.filter(id => !known.has(id)), [], lesson.id);
		t.true(lesson.powershell.length > 0);
		t.true(lesson.steps.every(step => step.do.length <= 240 && step.why.length <= 160), `${lesson.id}: every step fits the lesson bar`);
	}
});

test('a bad lesson file is one line naming the file and what is wrong', t => {
	const problem = (text: string) => {
		const error = t.throws(() => parseLesson(text, '/cfg/lessons/mine.json'));
		const line = describeError(error);
		t.false(line.includes('\n'), line);
		t.true(line.includes('/cfg/lessons/mine.json'), line);
		return line;
	};
	t.regex(problem('{"lesson": 1, "id": "mine",'), /not valid JSON/);
	t.regex(problem('{"lesson": 1, "id": "mine", "title": "t", "summary": "s", "powershell": ["x"]}'), /"steps"/);
	t.regex(problem('{"lesson": 1, "id": "Mine!", "title": "t", "summary": "s", "steps": [], "powershell": ["x"]}'), /"id" must be lower-case letters, digits and dashes/);
	const kind = problem(JSON.stringify({lesson: 1, id: 'mine', title: 't', summary: 's', powershell: ['x'], steps: [{do: 'd', why: 'w', check: {kind: 'keys-pressed'}}]}));
	t.regex(kind, /"steps\.0\.check\.kind"/);
	t.regex(problem(JSON.stringify({lesson: 1, id: 'mine', title: 't', summary: 's', powershell: ['x'], steps: [{do: 'd', why: 'w', check: {kind: 'password-never-expires', users: ['not-an-address'], neverExpires: false}}]})), /must be an address/);
});

test('a partner\'s own lessons load after the built-in ones; a broken or duplicate one is skipped and named', async t => {
	const env = await tempEnv();
	const folder = join(userFolders(env).config, 'lessons');
	await mkdir(folder, {recursive: true});
	const mine = {lesson: 1, id: 'our-onboarding', title: 'Our onboarding check', summary: 's', powershell: ['Get-MsolUser'], steps: [{do: 'Run tenant-info.', why: 'Because.', check: {kind: 'run', operation: 'tenant-info', tenants: 'all'}}]};
	await writeFile(join(folder, 'a-ours.json'), JSON.stringify(mine));
	await writeFile(join(folder, 'b-broken.json'), '{"lesson": 2}');
	await writeFile(join(folder, 'c-copy.json'), JSON.stringify({...mine, title: 'Copy'}));
	const {lessons, problems} = await loadLessons(userFolders(env).config);
	t.is(lessons.at(-1)?.lesson.id, 'our-onboarding');
	t.false(lessons.at(-1)!.builtIn);
	t.is(lessons.length, 5);
	t.is(problems.length, 2);
	t.regex(problems[0]!, /b-broken\.json: "lesson"/);
	t.regex(problems[1]!, /c-copy\.json: id "our-onboarding" is already used by .*a-ours\.json/);

	const listed = await headless(['learn', '--list'], env);
	t.is(listed.code, 0);
	t.regex(listed.stdout, /our-onboarding\s+Our onboarding check\s+not done \(yours\)/);
	t.regex(listed.stderr, /b-broken\.json/);
});

test('progress is remembered; learn --list shows done and not done; a broken progress file is set aside', async t => {
	const env = await tempEnv();
	const state = userFolders(env).state;
	await markLessonDone(state, 'weekly-runbook', new Date('2026-11-20T10:00:00Z'));
	t.deepEqual((await readLessonProgress(state)).done, {'weekly-runbook': '2026-11-20T10:00:00.000Z'});

	const listed = await headless(['learn', '--list'], env);
	t.is(listed.code, 0);
	const lines = listed.stdout.trim().split('\n');
	t.regex(lines[0]!, /^id\s+title\s+status$/);
	t.regex(listed.stdout, /weekly-runbook\s+Save the weekly check as a runbook\s+done 2026-11-20/);
	t.regex(listed.stdout, /password-never-expires\s+Fix "password never expires" for three users\s+not done/);
	t.is(lines.length, 5);

	await writeFile(progressPath(state), '{"progress": 1, "done": ["oops"]}');
	const broken = await readLessonProgress(state);
	t.deepEqual(broken.done, {});
	t.regex(broken.problem ?? '', /lessons-progress\.json: "done"/);
	t.true((await readdir(state)).some(name => name.startsWith('lessons-progress.json.bad-')), 'the broken file is kept aside');
	await markLessonDone(state, 'admins-without-mfa');
	t.deepEqual(Object.keys(JSON.parse(await readFile(progressPath(state), 'utf8')).done), ['admins-without-mfa']);
});

test('learn with an unknown lesson suggests the nearest, and the console needs a terminal', async t => {
	const env = await tempEnv();
	const typo = await headless(['learn', 'pasword-never-expires'], env);
	t.is(typo.code, 2);
	t.regex(typo.stderr, /no lesson "pasword-never-expires"\. Did you mean password-never-expires\?/);
	const piped = await headless(['learn', 'weekly-runbook'], env);
	t.is(piped.code, 2);
	t.regex(piped.stderr, /needs a terminal/);
	t.is((await headless(['learn', '--list', 'weekly-runbook'], env)).code, 2);
});
