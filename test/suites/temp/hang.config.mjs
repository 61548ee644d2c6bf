// The Ctrl+C case for test/scripts/test-runner.test.ts: a test that waits until the runner is stopped.
// Worker threads, as the main suite runs (ava.config.mjs), so the runner is tested the way it is used.
export default {files: ['test/suites/temp/*.waits.mjs'], workerThreads: true, timeout: '5m'};
