// Loaded into ava's process (scripts/test.mjs, scripts/time-test-files.mjs): without V8's optimising
// compiler. A test's code runs once or a few times, so compiling it optimised (TurboFan, on
// background threads) cost more CPU than it saved. Set here, before ava starts its workers, the flag
// holds for every worker thread too (a worker refuses V8 flags in its own execArgv). Only the tests'
// own code: the CLIs and PowerShell processes they start run as users run them. Measured, alternated
// (CPU of the whole run, processes it started included): the test files of test/app and
// test/components (40) 58-63 CPU-s with the optimiser, 50-52 without; the 77 other files that start no
// PowerShell of their own 226, 241 with, 199, 215 without.
import v8 from 'node:v8';

v8.setFlagsFromString('--no-opt');
