// A guided lesson as data: one JSON file per lesson, so a partner can write their own. Each step
// says what to do and why, and names a check that core/lessons/checks.ts evaluates against the
// practice cloud's state and the runs the learner made; guards name the mistakes to catch.

import {z} from 'zod';
import {TenantdeckError} from '../errors.js';

const tenantsSpec = z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]);
const addresses = z.array(z.string().min(3).regex(/@/, 'must be an address like anne@contoso.com')).min(1);

/** What a step waits for. Every check looks at results (runs, the sandbox's data, files), never at keys. */
export const checkSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('run'),
		operation: z.string().min(1),
		/** Undefined: either; true: only a dry run counts; false: only a real run. */
		dryRun: z.boolean().optional(),
		/** The run must have covered these tenants (domains), or every customer. */
		tenants: tenantsSpec.optional(),
		/** The run's `users` or `mailboxes` parameter must name at least these. */
		targets: addresses.optional(),
	}),
	z.object({kind: z.literal('screen'), screen: z.string().min(1)}),
	z.object({
		kind: z.literal('password-never-expires'),
		users: addresses,
		/** What the users' "password never expires" flag must be in the sandbox. */
		neverExpires: z.boolean(),
	}),
	z.object({kind: z.literal('forwarding-cleared'), mailboxes: addresses}),
	z.object({kind: z.literal('runbook'), operation: z.string().min(1), tenants: tenantsSpec}),
]);

/** Mistakes watched during the whole lesson. */
export const guardSchema = z.discriminatedUnion('kind', [
	/** A real run of the operation before any dry run of it. */
	z.object({kind: z.literal('dry-run-first'), operation: z.string().min(1), undo: z.string().optional()}),
	/** Users whose passwordPolicies changed, other than these. */
	z.object({kind: z.literal('only-these-users'), users: addresses}),
	/** Mailboxes whose forwarding changed, other than these. */
	z.object({kind: z.literal('only-these-mailboxes'), mailboxes: addresses}),
	/** A run of the operation that reached tenants other than these. */
	z.object({kind: z.literal('only-these-tenants'), operation: z.string().min(1), tenants: z.array(z.string().min(1)).min(1), undo: z.string().optional()}),
]);

export const stepSchema = z.object({
	/** What to do, in plain words and the screens' own key names. */
	do: z.string().min(1),
	/** Why it matters, in a sentence. */
	why: z.string().min(1),
	check: checkSchema,
});

export const lessonSchema = z.object({
	lesson: z.literal(1),
	id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
	title: z.string().min(1),
	/** One line for `tenantdeck learn --list` and the lesson's first screen. */
	summary: z.string().min(1),
	/** Lessons that touch Exchange need PowerShell (or the bundled engine host). */
	needs: z.array(z.enum(['graph', 'exchange'])).default(['graph']),
	steps: z.array(stepSchema).min(1),
	guards: z.array(guardSchema).default([]),
	/** Shown at the end: the per-tenant PowerShell the learner no longer has to type. */
	powershell: z.array(z.string()).min(1),
});

export type Lesson = z.infer<typeof lessonSchema>;
export type LessonStep = z.infer<typeof stepSchema>;
export type LessonCheck = z.infer<typeof checkSchema>;
export type LessonGuard = z.infer<typeof guardSchema>;

/** Parses one lesson file; any problem is one line naming the file and what is wrong. */
export function parseLesson(text: string, file: string): Lesson {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		throw new TenantdeckError('invalid', `Lesson ${file} is not valid JSON: ${(error as Error).message}.`);
	}
	const result = lessonSchema.safeParse(json);
	if (result.success) return result.data;
	const issue = result.error.issues[0]!;
	const where = issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'the file';
	throw new TenantdeckError('invalid', `Lesson ${file}: ${where} ${issue.message.replace(/^Invalid input: /, '')}.`);
}
