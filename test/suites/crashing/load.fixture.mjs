import test from 'ava';

test('declared, never run', t => t.pass());
throw new Error('fails while loading');
