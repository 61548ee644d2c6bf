// Runs the built CLI inside this process and, at exit, writes its peak RSS (KiB) to fd 3, so a
// bench can measure the real command without a platform-specific `time`.
import {writeSync} from 'node:fs';
import {resolve} from 'node:path';
import {pathToFileURL} from 'node:url';

const [cli, ...args] = process.argv.slice(2);
process.on('exit', () => {
	try {
		writeSync(3, JSON.stringify({maxRssKiB: process.resourceUsage().maxRSS}) + '\n');
	} catch {}
});
process.argv = [process.argv[0], resolve(cli), ...args];
await import(pathToFileURL(resolve(cli)).href);
