// ava's settings (in a JS file, not package.json, because the file order below is a function).
// ava runs files on 2 workers (2 cores, or CI=true) and sorts nothing by default: a long file that
// starts late becomes the tail the whole suite waits for. So the long poles start first (longest
// first, as measured with `node scripts/time-test-files.mjs <files>`), and the many short files
// fill in around them. The list only orders; a file missing from it still runs, after the listed ones.
const longPolesFirst = [
	'test/powershell/kill-matrix.test.ts',
	'test/e2e/console-kill.test.ts',
	'test/e2e/lessons.test.ts',
	'test/headless/exchange.test.ts',
	'test/headless/disk.test.ts',
	'test/powershell/failures.test.ts',
	'test/headless/clouds.test.ts',
	'test/headless/write-targets.test.ts',
	'test/headless/consent-replace.test.ts',
];

const rank = file => {
	const index = longPolesFirst.findIndex(path => file.endsWith(path));
	return index === -1 ? longPolesFirst.length : index;
};

export default {
	files: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
	extensions: {ts: 'module', tsx: 'module'},
	nodeArguments: ['--import=tsx'],
	workerThreads: false,
	timeout: '5m',
	// Ink draws every frame only when it does not think it runs in CI; the console tests read them all.
	environmentVariables: {CI: 'false', CONTINUOUS_INTEGRATION: 'false'},
	sortTestFiles: (a, b) => rank(a) - rank(b) || a.localeCompare(b, [], {numeric: true}),
};
