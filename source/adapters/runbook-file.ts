// The one runbook writer: the console's `b` and headless `--save-runbook` both save through here.

import {mkdir, writeFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {formatRunbook, type Runbook} from '../core/runbook.js';

/** Where the console saves a runbook: the config folder's runbooks/, named by operation and time. */
export function runbookPathIn(configFolder: string, operationId: string, at = new Date()): string {
	return join(configFolder, 'runbooks', `${operationId.replace(/[^\w-]+/g, '-')}-${at.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`);
}

export async function writeRunbook(path: string, runbook: Omit<Runbook, 'runbook'>): Promise<string> {
	await mkdir(dirname(path), {recursive: true});
	await writeFile(path, formatRunbook(runbook));
	return path;
}
