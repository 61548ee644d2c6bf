// Constrained Language Mode (WDAC/AppLocker workstations) refuses [ScriptBlock]::Create and the
// [Console] calls node-powershell frames every call with, so calls would hang until their timeout.
// The process spots the engine's refusal on stderr during its first call (the module import, before
// any Exchange work) and fails with this message instead.

import {TenantdeckError} from '../../core/errors.js';

export function languageModeError(mode: string): TenantdeckError {
	return new TenantdeckError('powershell', `PowerShell on this machine runs in ${mode} mode (Constrained Language Mode, set by WDAC or AppLocker), which refuses the scripts tenantdeck sends to Exchange Online.`, {
		hint: 'Run tenantdeck where PowerShell runs in FullLanguage mode (check with $ExecutionContext.SessionState.LanguageMode), or ask your security team to allow pwsh for this account.',
	});
}
