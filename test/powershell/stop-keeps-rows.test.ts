// A stop (the CLI's Ctrl+C to its PowerShell process) that lands while a tenant's script is pouring
// out rows: every row the script had handed over before it was stopped reaches node, because rows
// read from the tenant but not yet passed on are written to the side channel by the stopped call
// itself. A lost row could be a change the service made that the audit log never hears of.

import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createPowerShellPort} from '../../source/adapters/powershell/powershell-port.js';
import type {TenantdeckError} from '../../source/core/errors.js';
import {importScript, openTenantRunspace, tenantHelpers} from '../../source/core/supervisor-scripts.js';
import {testWithPowerShell} from '../helpers/powershell.js';

// Each row is written down (in the tenant's runspace) just before it is output; then the script waits to be stopped.
const tenantScript = String.raw`$a = $Args[0]
foreach ($index in 1..$a.rows) {
	[System.IO.File]::AppendAllText($a.path, "$index" + [Environment]::NewLine)
	[pscustomobject]@{ n = [long]$index; target = "mailbox-$index@example.invalid"; pad = 'x' * 300 }
}
while ($true) { [System.Threading.Thread]::Sleep(20) }`;

const scriptRows = 1_000_000;

const call = [tenantHelpers, openTenantRunspace, '$a = $Args[0]', 'Invoke-TdTenant $a.script $a.args'].join('\n');

testWithPowerShell('a stop while rows pour out loses none that the tenant script had output', async (t, location) => {
	const folder = await mkdtemp(join(tmpdir(), 'tenantdeck-stop-rows-'));
	t.teardown(() => rm(folder, {recursive: true, force: true}));
	const session = await createPowerShellPort({sandboxUrl: 'http://127.0.0.1:9', configuredPath: location.path}).start();
	t.teardown(() => session.kill());
	await session.invoke(importScript, {}, {timeoutMs: 120_000});
	for (const round of [1, 2, 3]) {
		const path = join(folder, `produced-${round}.txt`);
		const received = new Set<number>();
		let rows = 0;
		const stop = new AbortController();
		const error = await t.throwsAsync<TenantdeckError>(
			// A million rows (scriptRows): however long a starved reader takes to ask for the stop, the script is still
			// outputting when it lands. And a minute for the stop itself, not the default 5 s: on a loaded
			// machine a stop has taken longer (supervisor-sandbox.test.ts), and the process would then be
			// ended, which is another path than this one.
			session.invoke(call, {script: tenantScript, args: {rows: scriptRows, path}}, {
				timeoutMs: 120_000,
				stopGraceMs: 60_000,
				signal: stop.signal,
				onRecord: record => {
					if (record.kind !== 'row') return;
					rows++;
					received.add(Number((record.value as {n: number}).n));
					// Stopped in the thick of it: rows are being produced and read as this lands.
					if (received.size === 200) stop.abort();
				},
			}),
		);
		t.is(error?.kind, 'cancelled');
		const produced = (await readFile(path, 'utf8')).split('\n').filter(Boolean).map(Number);
		// The row being output at the very moment of the stop may not have left the script: only it may be missing.
		const missing = produced.slice(0, -1).filter(index => !received.has(index));
		t.deepEqual(missing, [], `round ${round}: ${produced.length} produced, ${received.size} received`);
		t.is(rows, received.size, 'and none twice');
		t.true(produced.length < scriptRows, 'the stop landed before the script ran out of rows');
	}
	t.true(session.alive, 'stopped, not killed: the process serves on');
});
