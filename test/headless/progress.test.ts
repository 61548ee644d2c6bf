// Headless progress lines: a long tenant's mailbox count is shown, throttled per tenant.

import test from 'ava';
import {progressEveryMs, progressPrinter} from '../../source/headless/progress.js';
import type {RunEvent} from '../../source/core/run-events.js';

const tenant = (index: number) => ({tenantId: `tid-${index}`, tenantDomain: `customer${index}.onmicrosoft.com`, tenantName: `Customer ${index}`, source: 'gdap' as const});
const progress = (index: number, done: number, at: number): RunEvent => ({type: 'progress', tenant: tenant(index), done, total: 1000, unit: 'mailboxes', at});

test('a 1,000-mailbox tenant prints its first count, one every few seconds, and the last; each tenant on its own clock', t => {
	const lines: string[] = [];
	const print = progressPrinter(2, line => lines.push(line));
	print(progress(0, 1, 0));
	for (let done = 2; done < 1000; done++) print(progress(0, done, done * 10));
	print(progress(1, 7, 100));
	print(progress(0, 1000, 10_000));
	print({type: 'succeeded', tenant: tenant(0), rows: 3, durationMs: 10_000, at: 10_000});
	print({type: 'succeeded', tenant: tenant(1), rows: 1, durationMs: 500, at: 10_500});
	t.deepEqual(lines, [
		'[0/2] working customer0.onmicrosoft.com: 1/1000 mailboxes',
		`[0/2] working customer0.onmicrosoft.com: ${progressEveryMs / 10}/1000 mailboxes`,
		'[0/2] working customer1.onmicrosoft.com: 7/1000 mailboxes',
		'[0/2] working customer0.onmicrosoft.com: 1000/1000 mailboxes',
		'[1/2] done   customer0.onmicrosoft.com: 3 rows in 10.0s',
		'[2/2] done   customer1.onmicrosoft.com: 1 row in 0.5s',
	]);
});
