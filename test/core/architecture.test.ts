import test from 'ava';
import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';

async function files(folder: string): Promise<string[]> {
	const entries = await readdir(folder, {withFileTypes: true, recursive: true});
	return entries.filter(entry => entry.isFile() && /\.tsx?$/.test(entry.name)).map(entry => join(entry.parentPath, entry.name));
}

test('core stays plain TypeScript: nothing under source/core imports ink, react or an adapter', async t => {
	const offenders: string[] = [];
	for (const file of await files('source/core')) {
		const text = await readFile(file, 'utf8');
		if (/from ['"](ink|react)['"/]/.test(text) || /from ['"][./]*\/adapters\//.test(text) || /from ['"]node:(fs|child_process|http)/.test(text)) offenders.push(file);
	}
	t.deepEqual(offenders, []);
});
