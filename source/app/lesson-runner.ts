// The lesson engine: watches the store as the learner works with the normal screens, records each
// run as it starts and finishes, reads the practice cloud after every finished run, and asks
// core/lessons/checks where the learner stands. Screens know nothing of it; it only writes the
// lesson bar's view (and the progress file, once a lesson is done).

import {describeError} from '../core/errors.js';
import {evaluateLesson, type LessonObservation, type LessonRun, type WorldSnapshot} from '../core/lessons/checks.js';
import type {Lesson} from '../core/lessons/lesson.js';
import type {AppState} from './state/app-state.js';
import type {LessonView} from './state/lesson-view.js';
import type {Store} from './store.js';

/** What the engine asks of the world (adapters/lesson-files and lesson-world in the product). */
export type LessonDeps = {
	readonly loadLessons: () => Promise<{lessons: readonly {lesson: Lesson}[]; problems: readonly string[]}>;
	readonly readDone: () => Promise<Record<string, string>>;
	readonly markDone: (id: string) => Promise<void>;
	readonly readWorld: (sandboxUrl: string, options: {mailboxes: boolean}) => Promise<WorldSnapshot>;
	/** Runbooks saved in this config folder's runbooks/ since `since` (ms). */
	readonly runbooksSince: (configFolder: string, since: number) => Promise<{operation: string; tenants: string[]}[]>;
	readonly now: () => number;
};

export type LessonRunner = {
	/** Starts the lesson with this id, or the first one not done yet. */
	begin(id?: string): Promise<void>;
	stop(): void;
	/** Settles once every check asked for so far has run (tests wait on it instead of sleeping). */
	idle(): Promise<void>;
};

/** The lesson a bare "learn" or "Guided practice" starts with: the first not done, else the first. */
export function firstToDo(lessons: readonly {lesson: Lesson}[], done: Record<string, string>): Lesson | undefined {
	return (lessons.find(entry => !done[entry.lesson.id]) ?? lessons[0])?.lesson;
}

/** The practice cloud the lesson checks, and the config folder its runs save runbooks in (the connection's). */
export type PracticeCloud = {readonly sandboxUrl: string; readonly configFolder: string};

export function createLessonRunner(store: Store, deps: LessonDeps, practice: () => PracticeCloud | undefined): LessonRunner {
	let lesson: Lesson | undefined;
	let next: string | undefined;
	let startedAt = 0;
	let step = 0;
	let runs: LessonRun[] = [];
	let baseline: WorldSnapshot | undefined;
	let world: WorldSnapshot | undefined;
	let worldStale = true;
	let saved = false;
	let unsubscribe: (() => void) | undefined;
	let previous: AppState | undefined;
	let queue: Promise<void> = Promise.resolve();
	const needsMailboxes = () => Boolean(lesson?.needs.includes('exchange'));

	function show(progress: {step: number; mistake?: LessonView['mistake']; done: boolean}): void {
		if (!lesson) return;
		const current = lesson.steps[progress.step];
		store.dispatch({type: 'lesson-changed', lesson: {
			id: lesson.id, title: lesson.title, step: progress.step, stepCount: lesson.steps.length,
			do: current?.do, why: current?.why, mistake: progress.mistake, done: progress.done, powershell: lesson.powershell, next,
		}});
	}

	/** Folds a store change into the runs the lesson has seen; true when something worth checking happened. */
	function observe(state: AppState, before: AppState | undefined): boolean {
		const run = state.run;
		let worth = state.screen !== before?.screen || state.notice !== before?.notice || state.tenantsPhase !== before?.tenantsPhase;
		if (run && run !== before?.run) {
			const last = runs.at(-1);
			if (!before?.run || run.startedAt !== before.run.startedAt) {
				runs = [...runs, {
					operationId: run.operationId, dryRun: Boolean(run.dryRun), params: state.params ?? {}, finished: false, failed: 0,
					tenants: run.tenants.map(row => ({domain: row.tenant.tenantDomain.toLowerCase(), name: row.tenant.tenantName.toLowerCase()})),
				}];
			} else if (last && run.generation !== before.run.generation) {
				// A retry of the failed tenants reopens the same run.
				runs = [...runs.slice(0, -1), {...last, finished: false}];
			}
			const open = runs.at(-1);
			if (open && !open.finished && run.summary) {
				runs = [...runs.slice(0, -1), {...open, finished: true, failed: run.summary.failed}];
				worldStale = true;
				worth = true;
			}
		}
		return worth;
	}

	async function check(): Promise<void> {
		if (!lesson) return;
		const cloud = practice();
		const url = cloud?.sandboxUrl;
		if (url && !baseline) {
			baseline = await deps.readWorld(url, {mailboxes: needsMailboxes()});
			world = baseline;
			worldStale = false;
		} else if (url && worldStale) {
			worldStale = false;
			world = await deps.readWorld(url, {mailboxes: needsMailboxes()});
		}
		const state = store.getState();
		const wantsRunbooks = lesson.steps.some(each => each.check.kind === 'runbook');
		const seen: LessonObservation = {
			screen: state.screen, runs, customers: state.picker.tenants.length, baseline, world,
			runbooks: wantsRunbooks && cloud ? await deps.runbooksSince(cloud.configFolder, startedAt) : [],
		};
		const progress = evaluateLesson(lesson, step, seen);
		step = progress.step;
		show(progress);
		if (progress.done && !saved) {
			saved = true;
			await deps.markDone(lesson.id);
		}
	}

	function schedule(): void {
		queue = queue.then(check).catch(error => store.dispatch({type: 'notified', notice: {tone: 'danger', text: `The lesson could not check your work: ${describeError(error)}`}}));
	}

	return {
		async begin(id) {
			const [{lessons, problems}, done] = await Promise.all([deps.loadLessons(), deps.readDone()]);
			if (problems.length > 0) store.dispatch({type: 'notified', notice: {tone: 'danger', text: `Skipped ${problems.length} lesson file${problems.length === 1 ? '' : 's'}: ${problems[0]}`}});
			lesson = id ? lessons.find(entry => entry.lesson.id === id)?.lesson : firstToDo(lessons, done);
			if (!lesson) {
				store.dispatch({type: 'notified', notice: {tone: 'danger', text: id ? `No lesson "${id}"; "tenantdeck learn --list" shows them.` : 'No lessons were found.'}});
				return;
			}
			const chosen = lesson;
			next = lessons.map(entry => entry.lesson).find(other => other.id !== chosen.id && !done[other.id])?.id;
			startedAt = deps.now();
			step = 0;
			runs = [];
			baseline = undefined;
			saved = false;
			show({step: 0, done: false});
			previous = store.getState();
			unsubscribe?.();
			unsubscribe = store.subscribe(() => {
				const state = store.getState();
				const worth = observe(state, previous);
				previous = state;
				if (worth) schedule();
			});
			schedule();
		},
		stop() {
			unsubscribe?.();
			unsubscribe = undefined;
		},
		idle: () => queue,
	};
}
