// The console in a real terminal: tmux runs `tenantdeck --sandbox`, the test types like a user
// (sign in, filter, select 5, run users-list, export CSV, quit with q) and checks the CSV holds
// exactly those tenants and that nothing the app started is left running. Waits poll the pane
// for the expected text up to a deadline; there are no fixed sleeps.

import test from 'ava';
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ensureBundle} from '../helpers/bundle.js';
import {requiredTool} from '../helpers/required-tool.js';
import {openPane} from '../helpers/tmux-pane.js';

// Required by .ci/run (TENANTDECK_REQUIRE_TMUX=1): missing tmux then fails instead of skipping.
const tmuxTool = requiredTool('tmux', 'TENANTDECK_REQUIRE_TMUX');

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

const shownCount = (screen: string) => Number(/\d+ selected of \d+, (\d+) shown/.exec(screen)?.[1] ?? NaN);
const selectedCount = (screen: string) => Number(/(\d+) selected of \d+/.exec(screen)?.[1] ?? NaN);

async function journey(t: import('ava').ExecutionContext, columns: number, rows: number): Promise<void> {
	if (!tmuxTool.path) return t.fail(`${tmuxTool.switchName}=1 but tmux is not on PATH`);
	const home = await mkdtemp(join(tmpdir(), 'tenantdeck-e2e-'));
	const pane = await openPane({columns, rows, home, args: '--sandbox', name: 'e2e'});
	t.teardown(async () => {
		await pane.close();
		await rm(home, {recursive: true, force: true});
	});

	// The sandbox approves the device code by itself; the picker shows once tenants are listed.
	const first = await pane.waitFor(/0 selected of [1-9]\d*, all shown/, 'the tenant picker after sign-in', 60_000);
	const total = Number(/0 selected of (\d+)/.exec(first)![1]);
	t.true(total >= 5, `the sandbox has ${total} tenants`);
	const started = await pane.pids();
	t.true(started.length > 0, 'the app is running under the pane');

	// A filter that narrows the list but leaves at least five tenants.
	let filter = '';
	for (const candidate of ['onmicrosoft', 'ltd', 'in', 'a', 'e']) {
		await pane.keys('/', ...candidate);
		const screen = await pane.waitFor(new RegExp(`/ ${candidate}`), `the filter "${candidate}"`);
		const shown = shownCount(screen);
		if (shown >= 5 && shown < total) {
			filter = candidate;
			break;
		}
		await pane.keys('Escape');
		await pane.waitFor(/all shown/, 'the cleared filter');
	}
	t.truthy(filter, 'some filter leaves five or more tenants');
	await pane.keys('Enter');
	// Space selects and stays on the row; ↓ moves on.
	for (let count = 1; count <= 5; count++) {
		await pane.keys('Space');
		await pane.waitFor(screen => selectedCount(screen) === count, `${count} selected`);
		await pane.keys('Down');
	}
	// Read from a frame tmux has drawn whole: a capture taken while the last ↓ is being drawn can miss rows.
	const checked = (screen: string) => screen.split('\n').filter(line => line.startsWith('[x] '));
	const picked = checked(await pane.waitFor(screen => selectedCount(screen) === 5 && checked(screen).length === 5, 'the five selected rows')).map(line => line.trim().split(/\s+/).at(-1)!);
	t.is(picked.length, 5);
	t.false(picked.some(domain => domain.endsWith('…')), 'domains are shown whole');

	await pane.keys('Enter');
	// Wait for the row itself, not just the title: the rows are drawn after the title, and counting
	// them from a half-drawn frame would give the wrong number of steps.
	const operations = await pane.waitFor(screen => /Operation for 5 tenants/.test(screen) && /^\[read\]\s+users-list\s/m.test(screen), 'the operation picker with users-list');
	const ids = operations.split('\n').map(line => /^\[(?:read|WRITE)\]\s+(\S+)/.exec(line)?.[1]).filter(Boolean);
	const steps = ids.indexOf('users-list');
	t.true(steps >= 0, 'users-list is offered');
	await pane.keys('g', ...'j'.repeat(steps));
	await pane.waitFor(/List users · Microsoft Graph/, 'users-list highlighted');
	await pane.keys('Enter');
	await pane.waitFor(/List users — parameters/, 'the parameters form');
	await pane.keys('Enter');
	const finished = await pane.waitFor(screen => /List users — finished/.test(screen) && (screen.match(/ done {2,}/g) ?? []).length === 5, 'five tenants done', 60_000);
	t.regex(finished, /5\/5 · \d+ rows/);

	await pane.keys('v');
	await pane.waitFor(/rows from 5 tenants/, 'the results table');
	await pane.keys('e');
	await pane.waitFor(/Export all \d+ rows as/, 'the export question');
	await pane.keys('c');
	await pane.waitFor(/Exported \d+ rows to/, 'the export notice');

	await pane.keys('q');
	await pane.waitFor(/tenantdeck-exit=0/, 'a clean exit');
	// Practice (--sandbox) keeps its exports in the sandbox's own state folder.
	const exports = join(home, 'state', 'tenantdeck', 'sandbox', 'exports');
	const [file] = (await readdir(exports)).filter(name => name.endsWith('.csv'));
	t.truthy(file, 'a CSV was written to the state folder');
	const lines = (await readFile(join(exports, file!), 'utf8')).trim().split('\r\n');
	const header = lines[0]!.split(',');
	const domainAt = header.indexOf('tenantDomain');
	// The file follows the screen: the operation's own columns first, the tenant's after them.
	t.is(header[0], 'displayName', 'the operation\'s columns come first');
	t.true(domainAt > header.indexOf('id'), 'tenant columns follow the operation\'s');
	t.true(lines.length > 5, 'the CSV has rows');
	const domains = new Set(lines.slice(1).map(line => line.split(',')[domainAt]));
	t.deepEqual([...domains].sort(), [...picked].sort());

	const left = started.filter(alive);
	t.deepEqual(left, [], 'no process the app started is left');
	t.deepEqual(await pane.pids(), [], 'nothing else runs under the pane');
}

test.before(async () => {
	if (tmuxTool.path) await ensureBundle();
});

const title = tmuxTool.title;
const journeyTest = tmuxTool.run ? test.serial : test.skip;

journeyTest(title('console end to end at 100×30'), async t => {
	await journey(t, 100, 30);
});

journeyTest(title('console end to end at 80×24'), async t => {
	await journey(t, 80, 24);
});
