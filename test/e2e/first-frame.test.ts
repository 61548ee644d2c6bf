// The console's first frame waits for nothing it does not draw (issue 12: first frame ≤ 0.3 s; the
// time itself is measured by `npm run bench`, "console start-up"). In a real terminal, the shipped
// bundle is started with a probe preloaded that notes, up to the first frame, what used to cost
// the most before it: ICU (any Intl object or locale-aware call), string-width's RGI_Emoji class,
// and the fetch machinery (undici, http2) that yoga's wasm loader pulled in.

import test from 'ava';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {ensureBundle} from '../helpers/bundle.js';
import {requiredTool} from '../helpers/required-tool.js';
import {openPane} from '../helpers/tmux-pane.js';

// Required by .ci/run (TENANTDECK_REQUIRE_TMUX=1): missing tmux then fails instead of skipping.
const tmuxTool = requiredTool('tmux', 'TENANTDECK_REQUIRE_TMUX');
const frameTest = tmuxTool.run ? test.serial : test.skip;

type Report = {started: string[]; builtins: string[]};

async function reportOf(path: string): Promise<Report | undefined> {
	return readFile(path, 'utf8').then(text => JSON.parse(text) as Report, () => undefined);
}

frameTest(tmuxTool.title('the first frame is drawn before ICU, the RGI emoji class or fetch are started, and the console works on'), async t => {
	if (!tmuxTool.path) return t.fail(`${tmuxTool.switchName}=1 but tmux is not on PATH`);
	await ensureBundle();
	const home = await mkdtemp(join(tmpdir(), 'tenantdeck-first-frame-'));
	const reportPath = join(home, 'first-frame.json');
	// The pane's environment is copied from this process's when it opens.
	const saved = {options: process.env['NODE_OPTIONS'], report: process.env['FIRST_FRAME_REPORT']};
	process.env['NODE_OPTIONS'] = `--import=${pathToFileURL(join(process.cwd(), 'test/helpers/first-frame-probe.mjs')).href}`;
	process.env['FIRST_FRAME_REPORT'] = reportPath;
	const pane = await openPane({columns: 100, rows: 30, home, args: '--sandbox', name: 'first-frame'}).finally(() => {
		if (saved.options === undefined) delete process.env['NODE_OPTIONS'];
		else process.env['NODE_OPTIONS'] = saved.options;
		if (saved.report === undefined) delete process.env['FIRST_FRAME_REPORT'];
		else process.env['FIRST_FRAME_REPORT'] = saved.report;
	});
	t.teardown(async () => {
		await pane.close();
		await rm(home, {recursive: true, force: true});
	});

	// The probe writes its report as the frame is written; the sandbox's tenants follow later.
	await pane.waitFor(/tenantdeck · /, 'the first frame');
	let report: Report | undefined;
	for (const deadline = Date.now() + 20_000; !report && Date.now() < deadline;) {
		report = await reportOf(reportPath);
		if (!report) await new Promise(resolve => setTimeout(resolve, 50));
	}
	t.truthy(report, 'the probe saw the first frame');
	t.deepEqual(report?.started, [], 'nothing locale-aware and no emoji class before the first frame');
	t.deepEqual(report?.builtins, [], 'no fetch machinery before the first frame');

	// What was put off still happens when it is needed: the practice cloud's customers are listed.
	await pane.waitFor(/selected of/, 'the tenant picker', 60_000);
	await pane.keys('q');
	await pane.waitFor(/tenantdeck-exit=0/, 'a clean exit');
});
