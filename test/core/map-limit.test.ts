import test from 'ava';
import {mapLimit} from '../../source/core/map-limit.js';

test('results keep the input order with at most `limit` maps at once', async t => {
	let running = 0;
	let most = 0;
	const doubled = await mapLimit([5, 1, 4, 2, 3], 2, async value => {
		most = Math.max(most, ++running);
		await new Promise(resolve => setImmediate(resolve));
		running--;
		return value * 2;
	});
	t.deepEqual(doubled, [10, 2, 8, 4, 6]);
	t.is(most, 2);
});

test('once a map fails, no further item is started and the failure is the result', async t => {
	const started: number[] = [];
	let release!: () => void;
	const held = new Promise<void>(resolve => (release = resolve));
	const items = Array.from({length: 100}, (_, index) => index);
	const mapped = mapLimit(items, 4, async index => {
		started.push(index);
		if (index === 0) throw new Error('sign-in lost');
		await held;
		return index;
	});
	await t.throwsAsync(mapped, {message: 'sign-in lost'});
	// The three still in flight finish; none of them takes another item.
	release();
	await held;
	await new Promise(resolve => setImmediate(resolve));
	t.deepEqual(started, [0, 1, 2, 3]);
});
