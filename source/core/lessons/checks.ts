// A lesson's checks as pure functions over what the learner has done: the runs they made (from
// the console's run events), the practice cloud's data before the lesson and now, and the runbooks
// they saved. Keys pressed never count; results do. A mistake comes with how to undo it.

import type {Lesson, LessonCheck, LessonGuard} from './lesson.js';

/** One run as the lesson saw it start and finish. */
export type LessonRun = {
	readonly operationId: string;
	readonly dryRun: boolean;
	/** Each tenant's domain and name, lower-cased. */
	readonly tenants: readonly {readonly domain: string; readonly name: string}[];
	readonly params: Readonly<Record<string, unknown>>;
	readonly finished: boolean;
	readonly failed: number;
};

/** The sandbox's data the lessons look at: lower-cased address → value. */
export type WorldSnapshot = {
	/** User principal name → passwordPolicies ("None" when unset). */
	readonly users: ReadonlyMap<string, string>;
	/** Mailbox address → its forwarding ("" when none). */
	readonly forwarding: ReadonlyMap<string, string>;
};

export type LessonObservation = {
	readonly screen: string;
	readonly runs: readonly LessonRun[];
	/** How many customer tenants the learner can see ("all" means this many). */
	readonly customers: number;
	/** The practice cloud when the lesson began, and now. */
	readonly baseline?: WorldSnapshot;
	readonly world?: WorldSnapshot;
	/** Runbooks saved since the lesson began. */
	readonly runbooks: readonly {readonly operation: string; readonly tenants: readonly string[]}[];
};

export type Mistake = {readonly what: string; readonly undo: string};

export type LessonProgress = {
	/** The step the learner is on (steps.length once every step passed). */
	readonly step: number;
	readonly mistake?: Mistake;
	/** Every step passed and no mistake stands. */
	readonly done: boolean;
};

const neverExpiresFlag = 'disablepasswordexpiration';
const lower = (text: string) => text.trim().toLowerCase();

function coversTenants(run: LessonRun, wanted: 'all' | readonly string[], customers: number): boolean {
	if (wanted === 'all') return customers > 0 && run.tenants.length >= customers;
	return wanted.every(name => run.tenants.some(tenant => tenant.domain === lower(name) || tenant.name === lower(name)));
}

function targetsOf(run: LessonRun): string[] {
	const value = run.params['users'] ?? run.params['mailboxes'];
	const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	return list.map(item => lower(String(item)));
}

function runMatches(run: LessonRun, check: Extract<LessonCheck, {kind: 'run'}>, customers: number): boolean {
	if (!run.finished || run.operationId !== check.operation) return false;
	if (check.dryRun !== undefined && run.dryRun !== check.dryRun) return false;
	if (check.tenants && !coversTenants(run, check.tenants, customers)) return false;
	if (check.targets) {
		const named = targetsOf(run);
		if (!check.targets.every(target => named.includes(lower(target)))) return false;
	}
	return true;
}

export function neverExpires(policies: string | undefined): boolean {
	return (policies ?? '').toLowerCase().split(',').map(part => part.trim()).includes(neverExpiresFlag);
}

/** True once the step's result is there. */
export function checkPasses(check: LessonCheck, seen: LessonObservation): boolean {
	switch (check.kind) {
		case 'run': return seen.runs.some(run => runMatches(run, check, seen.customers));
		case 'screen': return seen.screen === check.screen;
		case 'password-never-expires':
			return seen.world !== undefined && check.users.every(user => {
				const policies = seen.world!.users.get(lower(user));
				return policies !== undefined && neverExpires(policies) === check.neverExpires;
			});
		case 'forwarding-cleared':
			return seen.world !== undefined && check.mailboxes.every(box => seen.world!.forwarding.get(lower(box)) === '');
		case 'runbook':
			return seen.runbooks.some(book => book.operation === check.operation && (check.tenants === 'all'
				? book.tenants.length >= seen.customers
				: check.tenants.every(name => book.tenants.some(tenant => lower(tenant) === lower(name)))));
	}
}

function changed(before: ReadonlyMap<string, string>, now: ReadonlyMap<string, string>): string[] {
	return [...now].filter(([key, value]) => before.has(key) && before.get(key) !== value).map(([key]) => key);
}

const list = (items: readonly string[]) => items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;

/** The first mistake that stands now, with how to put it right. */
export function findMistake(lesson: Lesson, seen: LessonObservation): Mistake | undefined {
	const again = `Or start again on a fresh practice world: quit (q) and run "tenantdeck learn ${lesson.id}".`;
	for (const guard of lesson.guards) {
		const mistake = guardMistake(guard, seen, again);
		if (mistake) return mistake;
	}
	return undefined;
}

function guardMistake(guard: LessonGuard, seen: LessonObservation, again: string): Mistake | undefined {
	switch (guard.kind) {
		case 'dry-run-first': {
			const firstReal = seen.runs.findIndex(run => run.operationId === guard.operation && !run.dryRun);
			if (firstReal < 0 || seen.runs.slice(0, firstReal).some(run => run.operationId === guard.operation && run.dryRun)) return undefined;
			return {
				what: `You ran ${guard.operation} for real without a dry run first. A dry run (Tab on the confirmation) shows every change before it is made and changes nothing.`,
				undo: `${guard.undo ?? 'Undo the change with the same operation and the opposite setting.'} ${again}`,
			};
		}
		case 'only-these-users': {
			if (!seen.baseline || !seen.world) return undefined;
			const allowed = new Set(guard.users.map(lower));
			const stray = changed(seen.baseline.users, seen.world.users).filter(user => !allowed.has(user));
			if (stray.length === 0) return undefined;
			const back = stray.map(user => `${user} (neverExpires = ${neverExpires(seen.baseline!.users.get(user)) ? 'on' : 'off'})`);
			return {
				what: `You changed ${list(stray)}, which this lesson did not ask for. A write changes exactly the users you type, so check the list before you confirm.`,
				undo: `Put ${stray.length === 1 ? 'it' : 'them'} back: run password-never-expires-set for ${list(back)}. ${again}`,
			};
		}
		case 'only-these-mailboxes': {
			if (!seen.baseline || !seen.world) return undefined;
			const allowed = new Set(guard.mailboxes.map(lower));
			const stray = changed(seen.baseline.forwarding, seen.world.forwarding).filter(box => !allowed.has(box));
			if (stray.length === 0) return undefined;
			const first = stray[0]!;
			return {
				what: `You removed forwarding from ${list(stray)}, which this lesson did not ask for: that forward may have been wanted.`,
				undo: `In a real tenant you would put it back with Set-Mailbox -Identity ${first} and the forwarding it had (${seen.baseline.forwarding.get(first) || 'none'}). ${again}`,
			};
		}
		case 'only-these-tenants': {
			const allowed = guard.tenants.map(lower);
			const stray = seen.runs.filter(run => run.operationId === guard.operation)
				.flatMap(run => run.tenants).filter(tenant => !allowed.includes(tenant.domain) && !allowed.includes(tenant.name));
			if (stray.length === 0) return undefined;
			const names = [...new Set(stray.map(tenant => tenant.domain))];
			return {
				what: `You ran ${guard.operation} on ${list(names)}; this lesson works on ${list(allowed)} only. Check the selection (the count at the top of the tenant list) before you go on.`,
				undo: `${guard.undo ?? 'A report changed nothing: select the right tenant and run it again.'} ${guard.undo ? again : ''}`.trim(),
			};
		}
	}
}

/** Where the learner stands: steps pass in order, each from the one before. */
export function evaluateLesson(lesson: Lesson, from: number, seen: LessonObservation): LessonProgress {
	let step = from;
	while (step < lesson.steps.length && checkPasses(lesson.steps[step]!.check, seen)) step++;
	const mistake = findMistake(lesson, seen);
	return {step, mistake, done: step >= lesson.steps.length && !mistake};
}
