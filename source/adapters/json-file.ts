// Reads the JSON files tenantdeck keeps (profile, groups, tenant cache, token cache, run folders)
// through a zod schema, so a bad file is one line naming the file and what is wrong in it, and a
// file that cannot be trusted is set aside (never overwritten) before anything new is written.

import {rename} from 'node:fs/promises';
import type {z} from 'zod';
import {TenantdeckError} from '../core/errors.js';
import {readOptionalFile} from './private-file.js';

export type JsonRead<T> = {readonly value?: T; readonly problem?: string};

/** What is wrong with `text` as this schema, in words; undefined when it fits. */
export function checkJson<T>(text: string, schema: z.ZodType<T>, file: string): JsonRead<T> {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		return {problem: `${file} is not valid JSON (${(error as Error).message}).`};
	}
	const result = schema.safeParse(json);
	if (result.success) return {value: result.data};
	return {problem: `${file}: ${describeIssue(result.error.issues[0]!)}.`};
}

/** Reads an optional JSON file: {} when absent, {value} when good, {problem} when bad. */
export async function readJsonFile<T>(path: string, schema: z.ZodType<T>): Promise<JsonRead<T>> {
	const text = await readOptionalFile(path);
	if (text === undefined) return {};
	return checkJson(text, schema, path);
}

/** One issue as a user reads it: where in the file (from the issue's path), then zod's words. */
export function describeIssue(issue: z.core.$ZodIssue): string {
	const where = issue.path.length > 0 ? `"${issue.path.map(String).join('.')}"` : 'the file';
	return `${where}: ${issue.message}`;
}

/** Keeps a bad file as `<file>.bad-<time>` so writing a fresh one loses nothing; returns the new path. */
export async function setAside(path: string, now: Date = new Date()): Promise<string> {
	const aside = `${path}.bad-${now.toISOString().replace(/[:.]/g, '-')}`;
	await rename(path, aside);
	return aside;
}

export function fileProblem(problem: string, hint?: string): TenantdeckError {
	return new TenantdeckError('invalid', problem, {hint});
}
