// Leaves a file and a read-only folder in the temp folder, as tests that make private homes do.
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
	t.log(`tmpdir ${tmpdir()}`);
	t.pass();
});
test('fails, and the folder still goes', t => t.fail('on purpose'));
