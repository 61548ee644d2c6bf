// Reads admins' own operations (.ps1 files) from the config folder's operations/ and from --ops-dir,
// and joins them to the built-in catalog. A bad file becomes a "file:line: problem" line; the rest
// of the catalog still loads.

import {readdir, readFile, stat} from 'node:fs/promises';
import {basename, join, resolve} from 'node:path';
import type {AnyOperation} from '../core/operation.js';
import {builtInOperations} from '../core/catalog.js';
import {customOperation} from '../core/custom-operation.js';
import {TenantdeckError} from '../core/errors.js';
import {printable, printableLines} from '../core/reports/columns.js';

export type Catalog = {
	readonly operations: readonly AnyOperation[];
	/** One line per problem, "file:line: what is wrong", for stderr or a notice. */
	readonly problems: readonly string[];
};

// The script travels base64 on one line to PowerShell; anything this big is not a script.
const maxScriptBytes = 1024 * 1024;

export function customOperationsFolder(configFolder: string): string {
	return join(configFolder, 'operations');
}

/** Built-ins, then --ops-dir's operations, then the config folder's; the first file with an id wins. */
export async function loadCatalog(options: {configFolder: string; opsDir?: string}): Promise<Catalog> {
	const folders = [
		...(options.opsDir ? [{path: resolve(options.opsDir), explicit: true}] : []),
		{path: customOperationsFolder(options.configFolder), explicit: false},
	];
	const operations: AnyOperation[] = [...builtInOperations];
	const problems: string[] = [];
	const origin = new Map<string, string>();
	for (const folder of folders) {
		for (const path of await scriptsIn(folder.path, folder.explicit)) {
			const loaded = await loadFile(path);
			problems.push(...loaded.problems.map(problem => printable(problem)));
			const operation = loaded.operation && terminalSafe(loaded.operation);
			if (!operation) continue;
			const first = origin.get(operation.id);
			if (first) {
				problems.push(`${path}:1: ${operation.id} is already defined by ${first}; this file is skipped`);
				continue;
			}
			origin.set(operation.id, path);
			operations.push(operation);
		}
	}
	return {operations, problems};
}

/** A header is anyone's text: what the console and `ops` show of it passes the terminal filter. */
function terminalSafe(operation: AnyOperation): AnyOperation {
	return {...operation, title: printable(operation.title), description: printableLines(operation.description), powershell: printableLines(operation.powershell)};
}

async function scriptsIn(folder: string, explicit: boolean): Promise<string[]> {
	let names: string[];
	try {
		names = await readdir(folder);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		// No operations folder in the config is the usual case; a --ops-dir that is not there is a mistake.
		if (!explicit && code === 'ENOENT') return [];
		throw new TenantdeckError('invalid', `Cannot read the operations folder ${folder}: ${code ?? (error as Error).message}.`, {
			hint: explicit ? 'Give --ops-dir a folder that holds .ps1 files.' : undefined,
		});
	}
	return names.filter(name => /\.ps1$/i.test(name)).sort().map(name => join(folder, name));
}

async function loadFile(path: string): Promise<{operation?: AnyOperation; problems: string[]}> {
	try {
		const info = await stat(path);
		if (!info.isFile()) return {problems: [`${path}:1: not a file`]};
		if (info.size > maxScriptBytes) return {problems: [`${path}:1: the file is ${info.size} bytes; a custom operation may be at most ${maxScriptBytes}`]};
		const text = await readFile(path, 'utf8');
		return customOperation({path, name: basename(path), text});
	} catch (error) {
		return {problems: [`${path}:1: cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]};
	}
}
