// Disk failures in words: which folder, and why (full, read-only, no permission), as one typed
// error (kind "storage", exit code 5) instead of a raw ENOSPC — or Node's misleading ENOENT from a
// recursive mkdir on a read-only file system.

import {access, constants, mkdir, stat} from 'node:fs/promises';
import {dirname} from 'node:path';
import {TenantdeckError} from '../core/errors.js';

const causes: Record<string, string> = {
	ENOSPC: 'the disk is full',
	EDQUOT: 'the disk quota is used up',
	EROFS: 'the file system is read-only',
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	EIO: 'an input/output error',
	EFBIG: 'the file is too large',
	ENOTDIR: 'part of the path is a file, not a folder',
	EISDIR: 'a folder has that name',
};

export function isStorageError(error: unknown): boolean {
	if (error instanceof TenantdeckError) return error.kind === 'storage';
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return typeof code === 'string' && code in causes;
}

/** The failure's code and its cause in words. */
function causeOf(error: unknown): {code: string; cause: string} {
	const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
	return {code, cause: causes[code] ?? (error as Error).message};
}

const full = 'Free some space there (old run folders can go), or point XDG_STATE_HOME / XDG_CACHE_HOME elsewhere.';
const inTheWay = 'Move what is in the way, or point XDG_STATE_HOME / XDG_CACHE_HOME / XDG_CONFIG_HOME elsewhere.';
/** What to do, by cause; anything else is a folder that cannot be written. */
const hints: Record<string, string> = {ENOSPC: full, EDQUOT: full, EISDIR: inTheWay, ENOTDIR: inTheWay};

/** The one line for a failed write to `where`: a folder, or the file itself. */
export function storageError(error: unknown, where: string): TenantdeckError {
	if (error instanceof TenantdeckError) return error;
	const {code, cause} = causeOf(error);
	const hint = hints[code] ?? 'Make the folder writable, or point XDG_STATE_HOME / XDG_CACHE_HOME / XDG_CONFIG_HOME elsewhere.';
	return new TenantdeckError('storage', `Cannot write to ${where}: ${cause} (${code}).`, {hint, code, cause: error});
}

/** The one line for output that could not be written (`where`: "to standard output", or the --output file). */
export function outputError(error: unknown, where: string): TenantdeckError {
	if (error instanceof TenantdeckError) return error;
	const {code, cause: said} = causeOf(error);
	const cause = code === 'ENOENT' ? 'no file can be made at that path' : said;
	const full = code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG';
	const hint = full ? 'Free some space where the output goes, or send it elsewhere (--output, or a pipe).' : 'Send the output to a file you can write (--output), or to a pipe.';
	return new TenantdeckError('storage', `Cannot write the output ${where}: ${cause} (${code}).`, {hint, code, cause: error});
}

/** mkdir -p that names the real cause when it fails. */
export async function ensureFolder(folder: string): Promise<void> {
	try {
		await mkdir(folder, {recursive: true, mode: 0o700});
	} catch (error) {
		throw storageError(await realCause(error, folder), folder);
	}
}

// Node's recursive mkdir answers ENOENT on a read-only file system; ask the nearest folder that
// exists whether it can be written, which gives EROFS or EACCES.
async function realCause(error: unknown, folder: string): Promise<unknown> {
	if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return error;
	let existing = folder;
	while (dirname(existing) !== existing && !(await stat(existing).then(() => true, () => false))) existing = dirname(existing);
	try {
		await access(existing, constants.W_OK);
		return error;
	} catch (denied) {
		return denied;
	}
}
