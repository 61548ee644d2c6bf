// Loaded (node --import) into ava's main process by scripts/test.mjs. ava 7's TAP reporter crashes
// when a test file calls process.exit() or ava's inactivity timeout fires (avajs/ava#3461, fix in
// avajs/ava#3471, not released for Node 20): it hands its formatter a plain Error where a serialized
// one is expected, ava dies mid-run, the pending tests are never named and the files after them
// never run. Here those errors are given the serialized shape first, so both cases are reported as
// failing tests (naming each test that was cut short) and the rest of the suite still runs. The same
// holds for a failure whose details the reporter cannot print (below).
// Remove with the move to an ava release that has the fix.

// Workers are forked with IPC; only the main process reports.
if (!process.send) {
	const {default: TapReporter} = await import(new URL('../node_modules/ava/lib/reporters/tap.js', import.meta.url).href);
	const serialized = error => ({type: 'native', name: error.name, stack: error.stack, formattedDetails: [], originalError: {name: error.name, message: error.message, stack: error.stack}});
	// A failure whose details js-yaml cannot print (a value left undefined, such as an error without
	// a stack) threw out of the reporter and ended the whole run (seen once mid-suite, the failing test
	// unnamed): it is printed again with its message, stack and details as plain text.
	const text = value => (value === undefined || value === null ? '' : String(value));
	const plain = err => ({
		type: 'native',
		name: text(err?.name) || 'Error',
		stack: text(err?.stack ?? err?.originalError?.stack) || text(err?.originalError?.message ?? err?.message) || '(no stack)',
		formattedDetails: (err?.formattedDetails ?? []).map(detail => ({label: text(detail?.label), formatted: text(detail?.formatted)})),
		originalError: {message: text(err?.originalError?.message ?? err?.message ?? err?.formattedError)},
	});
	const writeTest = TapReporter.prototype.writeTest;
	TapReporter.prototype.writeTest = function (event, flags) {
		const first = event.err instanceof Error ? {...event, err: serialized(event.err)} : event;
		const index = this.i;
		try {
			return writeTest.call(this, first, flags);
		} catch (error) {
			if (!first.err) throw error;
			this.i = index;
			return writeTest.call(this, {...first, err: plain(first.err)}, flags);
		}
	};
}
