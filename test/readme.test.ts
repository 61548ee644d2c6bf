import test from 'ava';
import {readFile} from 'node:fs/promises';
import {keymapMarkdown} from '../source/ui/keymap.js';
import {builtInOperations} from '../source/core/catalog.js';

test('the readme\'s key table is the keymap, so the two never drift apart', async t => {
	const readme = await readFile('readme.md', 'utf8');
	t.true(readme.includes(keymapMarkdown().trim()), 'regenerate the Keys section from keymapMarkdown()');
});

test('the readme lists every built-in operation', async t => {
	const readme = await readFile('readme.md', 'utf8');
	const missing = builtInOperations.filter(operation => !readme.includes(`\`${operation.id}\``)).map(operation => operation.id);
	t.deepEqual(missing, []);
});

test('the readme opens with the install-and-run and the test command', async t => {
	const readme = await readFile('readme.md', 'utf8');
	const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
	t.regex(firstBlock, /^npm install && npm start/m);
	t.regex(firstBlock, /^npm test/m);
	t.regex(await readFile('.ci/run', 'utf8'), /^npm test/m);
});
