// Reads PowerShell from stdin one line at a time, like `pwsh -NoExit -Command -`, so node-powershell
// can drive the real engine where no pwsh is installed. Output objects go to stdout via ToString(),
// error records to stderr. Command-line switches (-NoLogo -NoProfile ...) are accepted and ignored.
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.InteropServices;

var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
var stderr = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
Console.SetOut(stdout);
Console.SetError(stderr);
var stdin = new StreamReader(Console.OpenStandardInput(), new System.Text.UTF8Encoding(false));

// SIGTERM must end the process even while a pipeline blocks the main thread (a hung cmdlet).
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Environment.Exit(143));
PowerShell? current = null;
// Ctrl+C in a terminal reaches us too (same process group): stop the running pipeline, as pwsh does.
Console.CancelKeyPress += (_, e) => { e.Cancel = true; current?.BeginStop(null, null); };

var state = InitialSessionState.CreateDefault2();
state.Formats.Clear();
using var runspace = RunspaceFactory.CreateRunspace(state);
// Every line runs on one pipeline thread, as in pwsh's own console: by default each line (node-powershell
// sends five per call) would start a thread of its own.
runspace.ThreadOptions = PSThreadOptions.ReuseThread;
runspace.Open();
// A workstation under WDAC/AppLocker runs PowerShell in Constrained Language Mode; the sandbox can pose as one.
if (Environment.GetEnvironmentVariable("TENANTDECK_SANDBOX_LANGUAGE_MODE") is { Length: > 0 } mode)
{
	runspace.SessionStateProxy.LanguageMode = Enum.Parse<PSLanguageMode>(mode, ignoreCase: true);
}

string? line;
while ((line = stdin.ReadLine()) is not null)
{
	var trimmed = line.Trim();
	if (trimmed.Length == 0) continue;
	if (trimmed.Equals("exit", StringComparison.OrdinalIgnoreCase)) break;
	using var ps = PowerShell.Create(runspace);
	current = ps;
	try
	{
		ps.AddScript(line);
		foreach (var item in ps.Invoke())
		{
			if (item is not null) stdout.WriteLine(item.ToString());
		}
		foreach (var record in ps.Streams.Error) stderr.WriteLine(record.ToString());
		foreach (var record in ps.Streams.Warning) stdout.WriteLine("WARNING: " + record.Message);
	}
	catch (RuntimeException error)
	{
		stderr.WriteLine(error.ErrorRecord?.ToString() ?? error.Message);
	}
	catch (Exception error)
	{
		stderr.WriteLine(error.Message);
	}
	finally
	{
		current = null;
	}
}
return 0;
