// Waits for a promise, or for `ms`, whichever comes first. The timer is ref'd and cleared: an
// unref'd one lets Node's event loop drain during a cleanup, and Node then exits (code 13, an
// unsettled top-level await) with the cleanup half done.

export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		return await Promise.race([promise, new Promise<undefined>(resolve => (timer = setTimeout(resolve, ms, undefined)))]);
	} finally {
		clearTimeout(timer);
	}
}
