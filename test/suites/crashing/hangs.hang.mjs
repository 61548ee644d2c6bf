import test from 'ava';

test('passes', t => t.pass());
// A timer keeps the worker busy, as a stuck child process or socket would: only the timeout ends it.
test('never settles', () => new Promise(() => setInterval(() => undefined, 1000)));
