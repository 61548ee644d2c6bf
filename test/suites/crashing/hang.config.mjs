// The hang case for test/scripts/test-runner.test.ts: a test that never settles, and an inactivity
// timeout short enough to reach in a test yet longer than a worker takes to start on a loaded machine
// (at 3 s the timeout sometimes fired before the file had declared its tests).
export default {files: ['test/suites/crashing/*.hang.mjs'], workerThreads: false, timeout: '15s'};
