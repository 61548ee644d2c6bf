// Files that hold secrets or must never be half-written: written to a temp file with mode 0600
// and renamed over the target, so a crash leaves either the old or the new content.

import {mkdir, readFile, rename, writeFile, chmod, rm} from 'node:fs/promises';
import {dirname} from 'node:path';
import {randomBytes} from 'node:crypto';

export async function writePrivateFile(path: string, content: string): Promise<void> {
	await mkdir(dirname(path), {recursive: true, mode: 0o700});
	const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
	try {
		await writeFile(temporary, content, {mode: 0o600});
		await chmod(temporary, 0o600);
		await rename(temporary, path);
	} catch (error) {
		await rm(temporary, {force: true});
		throw error;
	}
}

export async function readOptionalFile(path: string): Promise<string | undefined> {
	try {
		return await readFile(path, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}
