// Runs on `npm install`: bundles the app, and where no pwsh is installed but a .NET SDK is, builds
// the sandbox's PowerShell engine host so Exchange practice works on a fresh machine too.
import {spawnSync} from 'node:child_process';

const node = process.execPath;
const run = script => {
	const result = spawnSync(node, [script], {stdio: 'inherit'});
	if (result.status !== 0) process.exit(result.status ?? 1);
};

run('scripts/build.mjs');
const pwsh = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['pwsh'], {stdio: 'ignore'});
if (pwsh.status !== 0) run('scripts/build-pwsh-host.mjs');
