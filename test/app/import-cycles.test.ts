// No module under source/app (nor anywhere in source) may reach itself through its imports: a loop
// makes load order matter and hides which file owns what. Type-only imports count too.

import test from 'ava';
import {readdir, readFile} from 'node:fs/promises';
import {dirname, join, relative, resolve} from 'node:path';

async function sourceFiles(folder: string): Promise<string[]> {
	const entries = await readdir(folder, {withFileTypes: true, recursive: true});
	return entries.filter(entry => entry.isFile() && /\.tsx?$/.test(entry.name)).map(entry => resolve(entry.parentPath, entry.name));
}

/** Relative imports of a file (static, dynamic and `export … from`), resolved to .ts/.tsx paths. */
async function importsOf(file: string, known: ReadonlySet<string>): Promise<string[]> {
	const text = await readFile(file, 'utf8');
	const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.[^'"]+)['"]/g)].map(match => match[1]!);
	return specifiers
		.map(specifier => resolve(dirname(file), specifier).replace(/\.js$/, ''))
		.flatMap(base => [`${base}.ts`, `${base}.tsx`].filter(candidate => known.has(candidate)));
}

/** Every import loop, each as the chain of files that closes it. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
	const cycles: string[][] = [];
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const visit = (file: string) => {
		state.set(file, 'open');
		stack.push(file);
		for (const next of graph.get(file) ?? []) {
			if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
			else if (!state.has(next)) visit(next);
		}
		stack.pop();
		state.set(file, 'done');
	};
	for (const file of graph.keys()) if (!state.has(file)) visit(file);
	return cycles;
}

async function graphOf(folder: string): Promise<Map<string, string[]>> {
	const files = await sourceFiles(folder);
	const known = new Set(files);
	return new Map(await Promise.all(files.map(async file => [file, await importsOf(file, known)] as const)));
}

const show = (cycle: string[]) => cycle.map(file => relative(process.cwd(), file)).join(' → ');

test('the cycle finder finds a loop and its chain', t => {
	const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
	t.deepEqual(findCycles(graph), [['a', 'b', 'c', 'a']]);
	t.deepEqual(findCycles(new Map([['a', ['b']], ['b', []]])), []);
});

test('source/app has no import loop', async t => {
	t.deepEqual(findCycles(await graphOf(join('source', 'app'))).map(show), []);
});

// The sandbox's world/tenant-detail/tenant-users loop belongs to its owners; every other folder is held to it.
test('source outside the sandbox has no import loop', async t => {
	const graph = await graphOf('source');
	for (const file of graph.keys()) if (relative(process.cwd(), file).startsWith(join('source', 'sandbox'))) graph.delete(file);
	t.deepEqual(findCycles(graph).map(show), []);
});
