// A suite of its own for test/scripts/test-runner.test.ts: files that crash in each way a worker can.
// Not matched by the main suite's globs (*.test.ts); run only through `node scripts/test.mjs --config`.
export default {files: ['test/suites/crashing/*.fixture.mjs'], workerThreads: false, timeout: '2m'};
