// The one runbook writer: the console's `b` and headless `--save-runbook` both save through here.

import {writeFile} from 'node:fs/promises';
import {dirname, join, resolve} from 'node:path';
import {formatRunbook, type Runbook} from '../core/runbook.js';
import {ensureFolder, isStorageError, storageError} from './storage-error.js';

/** Where the console saves a runbook: the config folder's runbooks/, named by operation and time. */
export function runbookPathIn(configFolder: string, operationId: string, at = new Date()): string {
	return join(configFolder, 'runbooks', `${operationId.replace(/[^\w-]+/g, '-')}-${at.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`);
}

/** Writes the runbook; a full or read-only folder is named, not shown as a raw ENOSPC. */
export async function writeRunbook(path: string, runbook: Omit<Runbook, 'runbook'>): Promise<string> {
	const folder = dirname(resolve(path));
	await ensureFolder(folder);
	await writeFile(path, formatRunbook(runbook)).catch(error => {
		throw isStorageError(error) ? storageError(error, folder) : error;
	});
	return path;
}
