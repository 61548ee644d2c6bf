// Files that hold secrets or must never be half-written: written to a temp file with mode 0600
// and renamed over the target, so a crash leaves either the old or the new content.

import {readFile, rename, writeFile, chmod, rm} from 'node:fs/promises';
import {dirname} from 'node:path';
import {randomBytes} from 'node:crypto';
import {TenantdeckError} from '../core/errors.js';
import {ensureFolder, storageError} from './storage-error.js';

/** Throws a "storage" TenantdeckError naming the folder when the disk refuses. */
export async function writePrivateFile(path: string, content: string): Promise<void> {
	await ensureFolder(dirname(path));
	const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
	try {
		await writeFile(temporary, content, {mode: 0o600});
		await chmod(temporary, 0o600);
		await rename(temporary, path);
	} catch (error) {
		await rm(temporary, {force: true}).catch(() => {});
		throw storageError(error, dirname(path));
	}
}

/** A file of ours, or undefined when there is none; one that cannot be read throws a line naming it. */
export async function readOptionalFile(path: string): Promise<string | undefined> {
	try {
		return await readFile(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return undefined;
		// A folder where the file should be, or one we may not read: named, not a raw EISDIR (exit 1).
		const why = code === 'EISDIR' ? 'it is a folder, not a file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
		throw new TenantdeckError('invalid', `Cannot read ${path}: ${why}${code ? ` (${code})` : ''}.`, {hint: 'Move it out of the way, or fix its permissions.', cause: error});
	}
}
