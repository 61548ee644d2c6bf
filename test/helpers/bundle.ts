// The terminal tests run the shipped bin (dist/cli.js): rebuild it when it is missing or older than
// any source file, so a test never drives yesterday's bundle.

import {execFile} from 'node:child_process';
import {readdir, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);

export async function ensureBundle(root = process.cwd()): Promise<void> {
	const built = await stat(join(root, 'dist/cli.js')).then(info => info.mtimeMs, () => 0);
	const sources = await readdir(join(root, 'source'), {recursive: true, withFileTypes: true});
	const times = await Promise.all(sources.filter(entry => entry.isFile() && /\.tsx?$/.test(entry.name)).map(entry => stat(join(entry.parentPath, entry.name)).then(info => info.mtimeMs)));
	if (built > Math.max((await stat(join(root, 'cli.tsx'))).mtimeMs, ...times)) return;
	await run(process.execPath, ['scripts/build.mjs'], {cwd: root});
}
