// `npm run bench`: every speed and memory target, measured side by side in one run and printed
// as ratios and medians against their goals. Benches are not tests: they never fail the build.

import {benchGraphFanout} from './graph-fanout.js';
import {benchStartup} from './startup.js';
import {benchFilter} from './filter.js';
import {benchUnitSpeeds} from './unit-speeds.js';

type Bench = {name: string; run: () => Promise<unknown>};

const benches: Bench[] = [
	{name: 'graph fan-out (1,000 tenants, 50 ms)', run: () => benchGraphFanout()},
	{name: 'console start-up', run: () => benchStartup()},
	{name: 'filtering 5,000 tenants', run: () => benchFilter()},
	{name: 'unit speeds (picker, run-state, world, supervisor, engine host, interrupt)', run: () => benchUnitSpeeds()},
];

// Benches of other areas join when present, so a partial checkout still measures what it has.
for (const [file, exported, name] of [['./exchange-fanout.js', 'benchExchangeFanout', 'Exchange fan-out (30 tenants, 3 sessions)'], ['./exchange-fanout.js', 'benchExchangeFanoutAtScale', 'Exchange fan-out at scale (300 tenants, 3 sessions)'], ['./runspace-cost.js', 'benchRunspaceCost', 'Exchange runspace per tenant (one warm process)'], ['./exchange-cold-turn.js', 'benchColdTurnSideBySide', "Exchange process's first turn, without and with the warm-up"], ['./export.js', 'benchExport', 'export 200,000 rows'], ['./headless-table.js', 'benchHeadlessTable', 'headless --format table (5,000 tenants × users-list)'], ['./token-issue.js', 'benchTokenIssue', 'sandbox customer-token issue']] as const) {
	try {
		const module = (await import(file)) as Record<string, () => Promise<unknown>>;
		if (typeof module[exported] === 'function') benches.push({name, run: () => module[exported]!()});
	} catch {}
}

const only = process.argv.slice(2);
for (const bench of benches) {
	if (only.length > 0 && !only.some(word => bench.name.includes(word))) continue;
	console.log(`\n== ${bench.name}`);
	try {
		await bench.run();
	} catch (error) {
		console.log(`   could not run: ${error instanceof Error ? error.message : String(error)}`);
	}
}
