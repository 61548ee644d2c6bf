// The hang case for test/scripts/test-runner.test.ts: a test that never settles, and an inactivity
// timeout short enough to reach in a test yet longer than a worker takes to start on a loaded machine
// (at 3 s the timeout sometimes fired before the file had declared its tests).
// Worker threads, as the main suite runs (ava.config.mjs), so the runner is tested the way it is used.
export default {files: ['test/suites/crashing/*.hang.mjs'], workerThreads: true, timeout: '15s'};
