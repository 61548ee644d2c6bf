// Saved tenant groups (a named selection) in the config folder, usable as --tenants @name.

import {join} from 'node:path';
import type {Groups} from '../core/tenant-match.js';
import {readOptionalFile, writePrivateFile} from './private-file.js';

export async function loadGroups(configFolder: string): Promise<Groups> {
	const text = await readOptionalFile(join(configFolder, 'groups.json'));
	if (!text) return {};
	try {
		return JSON.parse(text) as Groups;
	} catch {
		return {};
	}
}

export async function saveGroup(configFolder: string, name: string, tenantIds: readonly string[]): Promise<void> {
	const groups = await loadGroups(configFolder);
	await writePrivateFile(join(configFolder, 'groups.json'), JSON.stringify({...groups, [name]: [...tenantIds]}, null, '\t') + '\n');
}
