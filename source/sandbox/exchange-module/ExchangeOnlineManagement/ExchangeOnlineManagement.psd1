# tenantdeck's sandbox stand-in for Microsoft's ExchangeOnlineManagement module. It is only ever
# found in sandbox mode, where tenantdeck puts this folder first in PSModulePath.
@{
	RootModule = 'ExchangeOnlineManagement.psm1'
	ModuleVersion = '3.9.0'
	GUID = '6a1f3d2e-8b7c-4e5d-9f0a-1b2c3d4e5f60'
	Author = 'tenantdeck'
	Description = 'Sandbox stand-in for ExchangeOnlineManagement: the same cmdlets, answered by the tenantdeck sandbox.'
	PowerShellVersion = '7.0'
	FunctionsToExport = @('Connect-ExchangeOnline', 'Get-ConnectionInformation', 'Disconnect-ExchangeOnline', 'Get-Mailbox', 'Get-EXOMailbox', 'Get-InboxRule', 'Get-Recipient', 'Set-Mailbox')
	CmdletsToExport = @()
	VariablesToExport = @()
	AliasesToExport = @()
	PrivateData = @{ PSData = @{ Tags = @('tenantdeck', 'sandbox') } }
}
