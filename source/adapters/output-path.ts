// `--output` is checked before sign-in and before any tenant starts: a run of 500 tenants that
// cannot write its answer at the end has wasted everyone's time. Each refusal names the path and
// what to do about it, in one sentence.

import {constants} from 'node:fs';
import {access, stat} from 'node:fs/promises';
import {dirname, resolve} from 'node:path';

/** Why the file cannot be written, or undefined when it can. */
export async function outputPathProblem(path: string): Promise<string | undefined> {
	if (path.trim() === '') return '--output needs a file name, e.g. --output report.csv.';
	const full = resolve(path);
	const existing = await stat(full).catch(() => undefined);
	if (existing?.isDirectory()) return `--output ${path} is a folder; name a file inside it, e.g. --output ${path.replace(/\/+$/, '')}/report.csv.`;
	if (existing) {
		if (!existing.isFile()) return `--output ${path} is not a regular file; name a new file instead.`;
		return (await writable(full)) ? undefined : `--output ${path} exists and cannot be overwritten (no write permission); choose another file.`;
	}
	const folder = dirname(full);
	const parent = await stat(folder).catch((error: NodeJS.ErrnoException) => error);
	if (parent instanceof Error) {
		return parent.code === 'ENOENT' || parent.code === 'ENOTDIR'
			? `--output ${path}: the folder ${folder} does not exist; create it first (mkdir -p "${folder}") or choose another.`
			: `--output ${path}: the folder ${folder} cannot be read (${parent.code ?? parent.message}).`;
	}
	if (!parent.isDirectory()) return `--output ${path}: ${folder} is a file, not a folder.`;
	if (!(await writable(folder))) return `--output ${path}: you cannot write in ${folder} (no write permission); choose another folder.`;
	return undefined;
}

async function writable(path: string): Promise<boolean> {
	return access(path, constants.W_OK).then(() => true, () => false);
}
