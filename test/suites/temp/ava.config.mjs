// A suite of its own for test/scripts/test-runner.test.ts: what the runner does with temp folders.
// Not matched by the main suite's globs (*.test.ts); run only through `node scripts/test.mjs --config`.
export default {files: ['test/suites/temp/*.fixture.mjs'], workerThreads: false, timeout: '2m'};
