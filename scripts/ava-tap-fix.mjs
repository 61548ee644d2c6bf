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
	// The serialized shape the reporter expects, with every value it prints as plain text: from a plain
	// Error (the two cases above), and again for a failure whose details js-yaml cannot print (a value
	// left undefined, such as an error without a stack), which threw out of the reporter and ended the
	// whole run (seen once mid-suite, the failing test unnamed).
	const text = value => (value === undefined || value === null ? '' : String(value));
	const printable = err => {
		const name = text(err?.name) || 'Error';
		const message = text(err?.originalError?.message ?? err?.message ?? err?.formattedError);
		const stack = text(err?.stack ?? err?.originalError?.stack) || message || '(no stack)';
		const formattedDetails = (err?.formattedDetails ?? []).map(detail => ({label: text(detail?.label), formatted: text(detail?.formatted)}));
		return {type: 'native', name, stack, formattedDetails, originalError: {name, message, stack}};
	};
	const writeTest = TapReporter.prototype.writeTest;
	TapReporter.prototype.writeTest = function (event, flags) {
		const first = event.err instanceof Error ? {...event, err: printable(event.err)} : event;
		const index = this.i;
		try {
			return writeTest.call(this, first, flags);
		} catch (error) {
			if (!first.err) throw error;
			this.i = index;
			return writeTest.call(this, {...first, err: printable(first.err)}, flags);
		}
	};
}
