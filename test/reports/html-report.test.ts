// The HTML report of a 24-tenant run, opened in headless Chromium: the rendered page has the summary,
// the failure, and a hostile display name as plain text (the only script is the table sorter). A
// screenshot is saved beside the report for a person to look at.

import test from 'ava';
import {execFile} from 'node:child_process';
import {access, mkdtemp, readFile, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {promisify} from 'node:util';
import {headless, tempEnv} from '../helpers/headless.js';
import {sandboxAuth} from '../helpers/powershell.js';
import {startSandbox} from '../../source/sandbox/server.js';

const chromium = '/usr/bin/chromium';
const hostile = `<script>alert(1)</script>"'&`;
const found = await access(chromium).then(() => true, () => false);
const required = process.env['CI'] === 'true';

const flags = (profile: string) => ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`];

async function browse(args: string[], profile: string): Promise<string> {
	const {stdout} = await promisify(execFile)(chromium, [...flags(profile), ...args], {timeout: 90_000, maxBuffer: 64 * 1024 * 1024});
	return stdout;
}

/** The text between two markers of the serialised DOM. */
function between(dom: string, start: string, end: string): string {
	const from = dom.indexOf(start);
	return from < 0 ? '' : dom.slice(from, dom.indexOf(end, from + start.length));
}

const declare = found || required ? test : test.skip;
const title = found || required ? 'a 24-tenant HTML report renders in Chromium with its summary, failure and a hostile name as text' : `HTML report in Chromium (skipped: no ${chromium}; .ci/run installs it)`;

declare(title, async t => {
	t.timeout(180_000);
	if (!found) return t.fail(`CI=true but ${chromium} is missing`);
	const sandbox = await startSandbox();
	t.teardown(() => sandbox.stop());
	const [renamed, blocked] = [sandbox.context.world.customers[0]!, sandbox.context.world.customers[4]!];
	sandbox.context.knobs.forbiddenTenants = [blocked.defaultDomain];
	// Renamed the way an attacker with a foothold in a customer tenant could: through Graph.
	const victim = sandbox.context.world.detail(renamed).users[0]!;
	const token = await sandboxAuth(sandbox).token('graph', renamed.tenantId);
	const patched = await fetch(`${sandbox.url}/v1.0/users/${victim.id}`, {method: 'PATCH', headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'}, body: JSON.stringify({displayName: hostile})});
	t.is(patched.status, 204, await patched.text());

	const folder = await mkdtemp(join(tmpdir(), 'tenantdeck-html-'));
	const report = join(folder, 'users.html');
	const result = await headless(['run', '--sandbox-url', sandbox.url, '--op', 'users-list', '--tenants', 'all', '--format', 'html', '--output', report, '--quiet'], await tempEnv());
	t.is(result.code, 3, result.stderr);
	t.true((await readFile(report, 'utf8')).includes('&#60;script&#62;alert(1)&#60;/script&#62;&#34;&#39;&#38;'), 'the file holds the name escaped');

	const dom = await browse(['--dump-dom', pathToFileURL(report).href], join(folder, 'profile'));
	const summary = between(dom, '<table id="summary">', '</table>');
	t.is((summary.match(/<tr>/g) ?? []).length, 1 + 24, 'a header and one row per tenant');
	t.regex(dom, /24 tenants · 23 succeeded · 1 failed/);
	const failures = between(dom, '<h2>Failures</h2>', '<h2>Results</h2>');
	t.true(failures.includes(blocked.defaultDomain), failures);
	t.regex(failures, /needs the app consented with .* and one of these GDAP roles/);
	// Serialised back from the DOM, text shows as entities and elements as tags: the name is text.
	t.true(dom.includes(`<td>&lt;script&gt;alert(1)&lt;/script&gt;"'&amp;</td>`), 'the hostile name is a text cell');
	t.is((dom.match(/<script\b/gi) ?? []).length, 1, 'the sorter is the only script element');
	t.true(between(dom, '<table id="results"', '</table>').includes(victim.userPrincipalName));

	const screenshot = join(folder, 'users.png');
	await browse([`--screenshot=${screenshot}`, '--window-size=1280,900', '--hide-scrollbars', pathToFileURL(report).href], join(folder, 'profile'));
	const png = await readFile(screenshot);
	t.true(png.subarray(1, 4).toString() === 'PNG' && (await stat(screenshot)).size > 10_000, 'a real screenshot');
	t.log(`screenshot: ${screenshot}`);
});
