// `tenantdeck learn`: lists the guided lessons with what is done, or opens the console on a fresh
// practice cloud at one lesson. Bad lesson files are named on stderr and the rest still work.

import {exitCodes} from '../core/exit-codes.js';
import {didYouMean} from '../core/suggest.js';
import {loadLessons, readLessonProgress} from '../adapters/lesson-files.js';
import {userFolders} from '../adapters/paths.js';
import {displayWidth} from '../core/reports/text-width.js';
import {usageError, type VerbArgs} from './args.js';
import type {HeadlessIo} from './session.js';

export async function learnCommand({values, positionals}: VerbArgs<'learn'>, io: HeadlessIo): Promise<number> {
	const folders = userFolders(io.env);
	const [{lessons, problems}, progress] = await Promise.all([loadLessons(folders.config), readLessonProgress(folders.state)]);
	for (const problem of [...problems, ...(progress.problem ? [progress.problem] : [])]) io.stderr.write(`tenantdeck: ${problem}\n`);
	const [id] = positionals;
	if (values.list) {
		if (id) throw usageError('learn', '--list takes no lesson id.');
		const width = Math.max(2, ...lessons.map(entry => entry.lesson.id.length));
		const titleWidth = Math.max(5, ...lessons.map(entry => displayWidth(entry.lesson.title)));
		io.stdout.write(`${'id'.padEnd(width)}  ${'title'.padEnd(titleWidth)}  status\n`);
		for (const {lesson, builtIn} of lessons) {
			const status = progress.done[lesson.id] ? `done ${progress.done[lesson.id]!.slice(0, 10)}` : 'not done';
			const title = lesson.title + ' '.repeat(titleWidth - displayWidth(lesson.title));
			io.stdout.write(`${lesson.id.padEnd(width)}  ${title}  ${status}${builtIn ? '' : ' (yours)'}\n`);
		}
		return exitCodes.ok;
	}
	if (id && !lessons.some(entry => entry.lesson.id === id)) {
		throw usageError('learn', `no lesson "${id}".`, `${didYouMean(id, lessons.map(entry => entry.lesson.id))}"tenantdeck learn --list" shows them. `);
	}
	if (!(io.stdout as NodeJS.WriteStream).isTTY) {
		io.stderr.write('tenantdeck: lessons run in the console, which needs a terminal. "tenantdeck learn --list" works anywhere.\n');
		return exitCodes.usage;
	}
	// Lessons name users and mailboxes of the default practice world: knobs that would reshape it
	// (another seed, fewer tenants, injected faults) are left out; the practice folders stay.
	const env = Object.fromEntries(Object.entries(io.env).filter(([name]) => !name.startsWith('TENANTDECK_SANDBOX_') || name === 'TENANTDECK_SANDBOX_DIR'));
	const {startConsole} = await import('../app/start.js');
	return startConsole({sandbox: true, lesson: {id}, env, interrupted: io.interrupted});
}
