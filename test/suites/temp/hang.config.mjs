// The Ctrl+C case for test/scripts/test-runner.test.ts: a test that waits until the runner is stopped.
export default {files: ['test/suites/temp/*.waits.mjs'], workerThreads: false, timeout: '5m'};
