// Where lessons and their progress live: the built-in lessons shipped in the package's lessons/
// folder, a partner's own in the config folder's lessons/, and which lessons are done in the
// state folder. A bad lesson file is skipped with one line naming it; the others still load.

import {readdir, readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {z} from 'zod';
import {describeError} from '../core/errors.js';
import {parseLesson, type Lesson} from '../core/lessons/lesson.js';
import {parseRunbook} from '../core/runbook.js';
import {packageRoot} from './powershell/find-powershell.js';
import {readJsonFile, setAside} from './json-file.js';
import {writePrivateFile} from './private-file.js';

export type LessonEntry = {readonly lesson: Lesson; readonly file: string; readonly builtIn: boolean};
export type LoadedLessons = {readonly lessons: readonly LessonEntry[]; readonly problems: readonly string[]};

export function builtInLessonFolder(): string {
	return join(packageRoot(), 'lessons');
}

async function jsonFiles(folder: string): Promise<string[]> {
	try {
		return (await readdir(folder)).filter(name => name.endsWith('.json')).sort().map(name => join(folder, name));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
}

/** Built-in lessons first (in file-name order), then the partner's own. */
export async function loadLessons(configFolder: string, builtIn = builtInLessonFolder()): Promise<LoadedLessons> {
	const lessons: LessonEntry[] = [];
	const problems: string[] = [];
	for (const [folder, isBuiltIn] of [[builtIn, true], [join(configFolder, 'lessons'), false]] as const) {
		for (const file of await jsonFiles(folder)) {
			try {
				const lesson = parseLesson(await readFile(file, 'utf8'), file);
				const taken = lessons.find(entry => entry.lesson.id === lesson.id);
				if (taken) problems.push(`Lesson ${file}: id "${lesson.id}" is already used by ${taken.file}; give it another id.`);
				else lessons.push({lesson, file, builtIn: isBuiltIn});
			} catch (error) {
				problems.push(describeError(error));
			}
		}
	}
	return {lessons, problems};
}

const progressSchema = z.object({
	progress: z.literal(1),
	/** Lesson id → when it was completed (ISO time). */
	done: z.record(z.string(), z.string()),
});

export type LessonProgressFile = z.infer<typeof progressSchema>;

export function progressPath(stateFolder: string): string {
	return join(stateFolder, 'lessons-progress.json');
}

/** The finished lessons; a broken progress file is set aside and named, and counts as none done. */
export async function readLessonProgress(stateFolder: string): Promise<{done: Record<string, string>; problem?: string}> {
	const path = progressPath(stateFolder);
	const read = await readJsonFile(path, progressSchema);
	if (read.problem) {
		const aside = await setAside(path).catch(() => undefined);
		return {done: {}, problem: `${read.problem}${aside ? ` It was kept as ${aside}; lesson progress starts afresh.` : ''}`};
	}
	return {done: read.value?.done ?? {}};
}

export async function markLessonDone(stateFolder: string, id: string, at = new Date()): Promise<void> {
	const {done} = await readLessonProgress(stateFolder);
	const next: LessonProgressFile = {progress: 1, done: {...done, [id]: at.toISOString()}};
	await writePrivateFile(progressPath(stateFolder), `${JSON.stringify(next, null, '\t')}\n`);
}

/** Runbooks saved in the config folder's runbooks/ since `since` (ms); unreadable ones are skipped. */
export async function runbooksSince(configFolder: string, since: number): Promise<{operation: string; tenants: string[]}[]> {
	const found = [];
	for (const file of await jsonFiles(join(configFolder, 'runbooks'))) {
		try {
			if ((await stat(file)).mtimeMs < since) continue;
			const book = parseRunbook(await readFile(file, 'utf8'), file);
			found.push({operation: book.operation, tenants: book.tenants});
		} catch {
			// A runbook the learner broke by hand is not this lesson's business.
		}
	}
	return found;
}
