// ava's settings (in a JS file, not package.json, because the file order below is a function).
// Three things keep the suite's wall time down on a 2-core machine:
// - Three workers, not ava's default of one per core (2): some files spend stretches waiting
//   (3-second cmdlets in the sandbox, hung tenants timing out, tmux panes polled, PowerShell
//   children leaving), and the other files use the cores meanwhile. More workers than that cost
//   more than the waits they fill: every process on an oversubscribed core needs more CPU for the
//   same work (a PowerShell start 1.16 s of CPU alone, 1.38 s four at once; a CLI start +20 %).
//   Whole runs, CI=true, on the same tree, measuring the machine's busy CPU: 4 workers 408-430 s
//   (816-857 CPU-s), 3 workers 360-410 s (712-814), 2 workers 383-398 s (699-752 CPU-s, but 42-66 s of
//   both cores idle in waits). (Earlier trees: 503 s with 3 against 453 s with 4, 470 s with 5
//   against 381-406 s with 4; through tsx, 3 had beaten 4.)
// - Worker threads (ava's default) for the compiled suite, not a Node process per file: each file still loads its own
//   modules in a thread of its own, without a process to start and tear down. Whole suites, CI=true,
//   same tree, alternated: threads 430, 432, 403 s (738, 737, 689 CPU-s reaped), processes 486,
//   442 s (839, 761 CPU-s). A test must therefore never signal its own pid (that is the runner's):
//   signals go to the CLIs and PowerShell processes tests start, as they all do.
// - The long poles start first (longest first, as measured alone with
//   `node scripts/time-test-files.mjs <files>`); alphabetically the kill matrix began mid-run and
//   was the tail the whole suite waited for (later the runner's own tests, which mostly wait for
//   ava's inactivity timeout, ran last on a near-idle machine). The list only orders: a file missing from it still
//   runs, after the listed ones. `--concurrency N` on the command line overrides the workers.
const longPolesFirst = [
	'test/powershell/kill-matrix.test.ts',
	'test/powershell/live-retry.test.ts',
	'test/powershell/stuck-tenants.test.ts',
	'test/powershell/supervisor-sandbox.test.ts',
	'test/e2e/console-kill.test.ts',
	'test/e2e/lessons.test.ts',
	'test/scripts/test-runner.test.ts',
	'test/operations/custom-isolation.test.ts',
	'test/headless/exchange.test.ts',
	'test/operations/exchange.test.ts',
	'test/headless/disk.test.ts',
	'test/operations/forwarding-fidelity.test.ts',
	'test/powershell/hostile-strings.test.ts',
	'test/powershell/failures.test.ts',
	'test/powershell/spare-runspace.test.ts',
	'test/powershell/isolation.test.ts',
	'test/headless/clouds.test.ts',
	'test/headless/write-targets.test.ts',
];

// `npm test` runs the suite compiled (scripts/build-tests.mjs) and names the folder here; `npx ava`
// runs the .ts files through tsx.
const compiled = process.env.TENANTDECK_TEST_BUILD;

const rank = file => {
	const name = file.replace(/\.(tsx?|js)$/, '');
	const index = longPolesFirst.findIndex(path => name.endsWith(path.replace(/\.tsx?$/, '')));
	return index === -1 ? longPolesFirst.length : index;
};

export default {
	// Through tsx a file needs a process of its own: Node 20 does not take --import=tsx for a worker thread.
	...(compiled
		? {files: [`${compiled}/test/**/*.test.js`], workerThreads: true}
		: {files: ['test/**/*.test.ts', 'test/**/*.test.tsx'], extensions: {ts: 'module', tsx: 'module'}, nodeArguments: ['--import=tsx'], workerThreads: false}),
	concurrency: 3,
	timeout: '5m',
	// Ink draws every frame only when it does not think it runs in CI; the console tests read them all.
	// React in its production build, as the shipped bundle has it (scripts/build.mjs defines NODE_ENV):
	// the tests render what users get, and the development build's checks cost the console tests
	// 6-20 % of their CPU (test/app and test/components, alternated: 101 and 99 CPU-s against 95 and 79).
	environmentVariables: {CI: 'false', CONTINUOUS_INTEGRATION: 'false', NODE_ENV: 'production'},
	sortTestFiles: (a, b) => rank(a) - rank(b) || a.localeCompare(b, [], {numeric: true}),
};
