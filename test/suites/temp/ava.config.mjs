// A suite of its own for test/scripts/test-runner.test.ts: what the runner does with temp folders.
// Not matched by the main suite's globs (*.test.ts); run only through `node scripts/test.mjs --config`.
// Worker threads, as the main suite runs (ava.config.mjs), so the runner is tested the way it is used.
export default {files: ['test/suites/temp/*.fixture.mjs'], workerThreads: true, timeout: '2m'};
