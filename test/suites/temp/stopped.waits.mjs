// Writes its home, then waits for Ctrl+C (the runner's test sends it once the home exists).
import test from 'ava';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

test('waits for Ctrl+C', () => {
	writeFileSync(join(mkdtempSync(join(tmpdir(), 'tenantdeck-test-')), 'ready'), 'ready');
	return new Promise(() => setInterval(() => undefined, 1000));
});
