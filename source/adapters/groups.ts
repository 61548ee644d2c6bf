// Saved tenant groups (a named selection) in the config folder, usable as --tenants @name.
// The file is validated; a broken one is reported by name and kept aside as groups.json.bad-<time>
// before a new group is written, so a stray comma never costs the other groups.

import {join} from 'node:path';
import {z} from 'zod';
import {groupNameProblem} from '../core/group-name.js';
import type {Groups} from '../core/tenant-match.js';
import {fileProblem, readJsonFile, setAside} from './json-file.js';
import {writePrivateFile} from './private-file.js';

// Keys are checked on the raw object: zod's record silently drops a "__proto__" key.
const groupsSchema = z.preprocess((raw, context) => {
	if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
		for (const key of Object.keys(raw)) {
			const problem = groupNameProblem(key);
			if (problem) context.issues.push({code: 'custom', message: problem, path: [key], input: raw});
		}
	}
	return raw;
}, z.record(z.string(), z.array(z.string().min(1)), {error: 'expected an object of group name → list of tenant ids'}));

export function groupsPath(configFolder: string): string {
	return join(configFolder, 'groups.json');
}

/** The saved groups, as a null-prototype object (a lookup never finds Object's own properties). */
export async function loadGroups(configFolder: string): Promise<Groups> {
	const {value, problem} = await readJsonFile(groupsPath(configFolder), groupsSchema);
	if (problem) throw fileProblem(problem, 'Fix the file, or save a group again: the broken file is then kept aside as groups.json.bad-<time>.');
	return toGroups(value ?? {});
}

/** Adds or replaces one group; returns the path a broken old file was moved to, if any. */
export async function saveGroup(configFolder: string, name: string, tenantIds: readonly string[]): Promise<{setAside?: string}> {
	const problem = groupNameProblem(name);
	if (problem) throw fileProblem(`Group name "${name}": ${problem}.`);
	const path = groupsPath(configFolder);
	const read = await readJsonFile(path, groupsSchema);
	const aside = read.problem ? await setAside(path) : undefined;
	const groups = {...read.value, [name]: [...tenantIds]};
	await writePrivateFile(path, JSON.stringify(groups, null, '\t') + '\n');
	return {setAside: aside};
}

/**
 * Removes one group, keeping the others as they are on disk (another console may have saved one
 * since this one loaded). A broken file is reported, not rewritten: deleting must not cost the
 * other groups. Returns whether the group was there.
 */
export async function deleteGroup(configFolder: string, name: string): Promise<boolean> {
	const path = groupsPath(configFolder);
	const read = await readJsonFile(path, groupsSchema);
	if (read.problem) throw fileProblem(read.problem, 'Fix the file by hand (or save a group, which keeps the broken file aside as groups.json.bad-<time>), then delete again.');
	const groups = toGroups(read.value ?? {});
	if (!Object.hasOwn(groups, name)) return false;
	delete groups[name];
	await writePrivateFile(path, JSON.stringify({...groups}, null, '\t') + '\n');
	return true;
}

function toGroups(value: Record<string, string[]>): Groups {
	return Object.assign(Object.create(null) as Record<string, string[]>, value);
}
