import test from 'ava';

test('passes before the crash', t => t.pass());
test('throws from a timer', async t => {
	setTimeout(() => {
		throw new Error('uncaught in a timer');
	}, 10);
	await new Promise(resolve => setTimeout(resolve, 5000));
	t.pass();
});
