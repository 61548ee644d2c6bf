// The headless commands' guard on standard output: which failures it owns (a reader gone, a full
// disk) and which it passes on to teardown (a hung-up terminal's EIO, anything else).
import test from 'ava';
import {guardStandardOutput} from '../../source/adapters/standard-output.js';
import {capturedStreams} from '../helpers/headless.js';

const failure = (code: string) => Object.assign(new Error(`${code}: write failed`), {code, syscall: 'write'});

function guarded() {
	const {stdout, stderr, written} = capturedStreams();
	const passedOn: string[] = [];
	const late: number[] = [];
	const guard = guardStandardOutput(stdout, stderr, code => late.push(code), error => passedOn.push((error as NodeJS.ErrnoException).code ?? ''));
	return {stdout, guard, passedOn, late, written};
}

test('a reader gone (EPIPE) is nothing to report: the command\'s own exit code stands', t => {
	const {stdout, guard, passedOn, written} = guarded();
	stdout.emit('error', failure('EPIPE'));
	t.is(guard.settle(3), 3);
	t.deepEqual(passedOn, []);
	t.is(written().stderr, '');
});

test('a full disk is one line and exit 5, said once, and at once when it comes after the command ended', t => {
	const early = guarded();
	early.stdout.emit('error', failure('ENOSPC'));
	early.stdout.emit('error', failure('ENOSPC'));
	t.is(early.guard.settle(0), 5);
	t.is(early.written().stderr, 'tenantdeck: Cannot write the output to standard output: the disk is full (ENOSPC). Free some space where the output goes, or send it elsewhere (--output, or a pipe).\n');

	const later = guarded();
	t.is(later.guard.settle(0), 0);
	later.stdout.emit('error', failure('ENOSPC'));
	t.deepEqual(later.late, [5]);
	t.regex(later.written().stderr, /the disk is full/);
});

test('a hung-up terminal\'s EIO and anything unknown go on to teardown, not read as a full disk', t => {
	const {stdout, guard, passedOn, written} = guarded();
	stdout.emit('error', failure('EIO'));
	stdout.emit('error', failure('EINVAL'));
	t.deepEqual(passedOn, ['EIO', 'EINVAL']);
	t.is(guard.settle(0), 0);
	t.is(written().stderr, '');
});
