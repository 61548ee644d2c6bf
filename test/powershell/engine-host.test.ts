// The sandbox's engine host: it must behave like `pwsh -NoExit -Command -` for node-powershell,
// end on `exit` or EOF, and die promptly on SIGTERM even while a pipeline blocks.

import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {existsSync} from 'node:fs';
import test, {type ImplementationFn} from 'ava';
import {PowerShell} from 'node-powershell';
import {engineHostPath, sandboxModuleRoot} from '../../source/adapters/powershell/find-powershell.js';

const host = engineHostPath();
const required = process.env['TENANTDECK_REQUIRE_PWSH'] === '1';
const env = {...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off'};

function hostTest(title: string, implementation: ImplementationFn<[]>): void {
	if (existsSync(host)) test(title, implementation);
	else if (required) test(title, t => t.fail(`TENANTDECK_REQUIRE_PWSH=1 but the engine host is not built (npm run build:pwsh-host)`));
	else test.skip(`${title} (skipped: engine host not built; npm run build:pwsh-host needs a .NET 10 SDK)`, () => undefined);
}

function start() {
	const child = spawn(host, ['-NoLogo', '-NoProfile', '-NonInteractive', '-NoExit', '-Command', '-'], {env, stdio: ['pipe', 'pipe', 'pipe']});
	child.stdout.setEncoding('utf8');
	child.stderr.setEncoding('utf8');
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: string) => (stdout += chunk));
	child.stderr.on('data', (chunk: string) => (stderr += chunk));
	/** Resolves when stdout has printed text. */
	const printed = (text: string) =>
		new Promise<void>(resolve => {
			const check = () => {
				if (stdout.includes(text)) {
					child.stdout.off('data', check);
					resolve();
				}
			};
			child.stdout.on('data', check);
			check();
		});
	// 'close', not 'exit': what the host printed last may still be in the pipe when it exits.
	const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
	return {child, printed, exited, stdout: () => stdout, stderr: () => stderr};
}

hostTest('speaks node-powershell\'s protocol: output to stdout, error records to stderr', async t => {
	const shell = new PowerShell({executable: host, executableOptions: {'-NoProfile': true, '-NonInteractive': true}, spawnOptions: {env}, throwOnInvocationError: false});
	try {
		const ok = await shell.invoke('$a = 1+2; "sum $a"');
		t.is(ok.raw, 'sum 3');
		t.false(ok.hadErrors);
		const failed = await shell.invoke("throw 'boom'");
		t.true(failed.hadErrors);
		t.regex(failed.raw, /boom/);
		// The runspace keeps state between lines, as pwsh does.
		t.is((await shell.invoke('$a * 2')).raw, '6');
	} finally {
		await shell.dispose();
	}
});

hostTest('ends on exit and on end of input', async t => {
	const byExit = start();
	byExit.child.stdin.write('"before"\nexit\n"after"\n');
	t.deepEqual(await byExit.exited, [0, null]);
	t.regex(byExit.stdout(), /before/);
	t.notRegex(byExit.stdout(), /after/);

	const byEof = start();
	byEof.child.stdin.end('"last"\n');
	t.deepEqual(await byEof.exited, [0, null]);
	t.regex(byEof.stdout(), /last/);
});

hostTest('dies promptly on SIGTERM while a pipeline blocks', async t => {
	const subject = start();
	subject.child.stdin.write("[Console]::Out.WriteLine('blocking'); [System.Threading.Thread]::Sleep(60000)\n");
	await subject.printed('blocking');
	const sent = Date.now();
	subject.child.kill('SIGTERM');
	const [code, signal] = await subject.exited;
	t.log(`exit ${code ?? signal} after ${Date.now() - sent} ms (goal < 1 s, measured by npm run bench)`);
	t.true(code === 143 || signal === 'SIGTERM');
});

hostTest('Ctrl+C stops the running pipeline and keeps the host, as pwsh does', async t => {
	const subject = start();
	subject.child.stdin.write("[Console]::Out.WriteLine('looping'); while ($true) { }\n");
	await subject.printed('looping');
	subject.child.kill('SIGINT');
	subject.child.stdin.write("'still here'\nexit\n");
	t.deepEqual(await subject.exited, [0, null]);
	t.regex(subject.stdout(), /still here/);
});

hostTest('the stand-in module reads JSON pages with the host\'s compiled reader, into exactly the objects its script reader makes', async t => {
	const shell = new PowerShell({executable: host, executableOptions: {'-NoProfile': true, '-NonInteractive': true}, spawnOptions: {env: {...env, PSModulePath: sandboxModuleRoot()}}, throwOnInvocationError: false});
	try {
		// Every kind of value a page can hold, nested, with a repeated name, odd characters and both number kinds.
		const page = '{"value":[{"DisplayName":"Ann O\'Neil ✉ 日本","Size":5,"Ratio":1.5,"Big":9007199254740993,"On":true,"Off":false,"None":null,"Emails":["smtp:a@x","SMTP:b@x"],"Nested":{"Deep":[{"Q":1},[],{}]},"Dup":1,"Dup":2}],"@odata.nextLink":"https://x/next?$skip=1"}';
		const show = 'function Show($x) { if ($null -eq $x) { return \'null\' }; if ($x -is [System.Management.Automation.PSCustomObject]) { return \'{\' + (@($x.psobject.Properties | ForEach-Object { $_.Name + \'=\' + (Show $_.Value) }) -join \',\') + \'}\' }; if ($x -is [array]) { return \'[\' + (@($x | ForEach-Object { Show $_ }) -join \',\') + \']\' }; return $x.GetType().Name + \':\' + [string]$x }';
		const script = `Import-Module ExchangeOnlineManagement; & (Get-Module ExchangeOnlineManagement) { param($text) ${show}; $compiled = Show (ConvertFrom-SandboxText $text); $scripted = Show (ConvertFrom-SandboxJson ([System.Text.Json.JsonDocument]::Parse($text).RootElement)); "compiled reader: $($null -ne $script:CompiledJson)"; "same: $($compiled -ceq $scripted)"; $compiled } '${page.replaceAll('\'', '\'\'')}'`;
		const result = await shell.invoke(script);
		const [used, same, shown] = result.raw.split('\n');
		t.is(used, 'compiled reader: True', result.raw);
		t.is(same, 'same: True', result.raw);
		t.is(shown, '{value=[{DisplayName=String:Ann O\'Neil ✉ 日本,Size=Int64:5,Ratio=Double:1.5,Big=Int64:9007199254740993,On=Boolean:True,Off=Boolean:False,None=null,Emails=[String:smtp:a@x,String:SMTP:b@x],Nested={Deep=[{Q=Int64:1},[],{}]},Dup=Int64:2}],@odata.nextLink=String:https://x/next?$skip=1}');
	} finally {
		await shell.dispose();
	}
});
