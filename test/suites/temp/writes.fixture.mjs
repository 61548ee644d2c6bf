// Leaves a file and a read-only folder in the temp folder, as tests that make private homes do, and
// a cache file where PowerShell writes its module cache (XDG_CACHE_HOME), when one is set.
import test from 'ava';
import {chmodSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

test('leaves a home and a read-only folder in its temp folder', t => {
	const home = mkdtempSync(join(tmpdir(), 'tenantdeck-test-'));
	writeFileSync(join(home, 'left.txt'), 'left behind');
	const locked = join(home, 'locked');
	mkdirSync(locked);
	writeFileSync(join(locked, 'inside.txt'), 'inside');
	chmodSync(locked, 0o500);
	const cache = process.env.XDG_CACHE_HOME;
	if (cache) {
		mkdirSync(join(cache, 'powershell'), {recursive: true});
		writeFileSync(join(cache, 'powershell', 'ModuleAnalysisCache'), 'cache');
	}
	t.log(`tmpdir ${tmpdir()}`);
	t.log(`xdg ${cache} ${process.env.XDG_CONFIG_HOME}`);
	t.pass();
});
test('fails, and the folder still goes', t => t.fail('on purpose'));
