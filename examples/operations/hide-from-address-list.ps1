# tenantdeck operation
# title: Hide mailboxes from the address book
# description: Hides the mailboxes you name from the global address list (or shows them again),
#   e.g. for leavers or shared mailboxes. Mailboxes already so are reported as unchanged.
#   Try a dry run first.
# risk: write
# cmdlets: Get-Mailbox, Set-Mailbox
# param: mailboxes (required, list) Mailbox addresses, separated by commas
# param: hidden (optional, one of: yes|no, default: yes) yes hides them, no shows them again
# targets: mailboxes (mailbox)
#
# A write operation outputs one object per mailbox it looked at, with target, property, before,
# after and result ('changed', 'unchanged', 'would change', 'not found' or 'failed: why'): tenantdeck shows them
# in the dry run and writes each change to the audit log. In a dry run ($a.dryRun) only the Get-
# cmdlets are loaded, so Set-Mailbox would fail rather than change anything.
# "targets:" makes tenantdeck match each address to the selected tenant owning its domain before
# anything runs: each tenant's $a.mailboxes holds only its own addresses, and a name no selected
# tenant owns is listed on the confirmation instead of being skipped in silence.

$a = $Args[0]
$want = $a.hidden -eq 'yes'
$property = 'HiddenFromAddressListsEnabled'
foreach ($id in $a.mailboxes) {
	$box = $null
	try { $box = Get-Mailbox -Identity $id -ErrorAction Stop } catch { $box = $null }
	if ($null -eq $box) {
		# This tenant owns the address (targets: above), so a mailbox it lacks is a failed row.
		[pscustomobject]@{ target = $id; property = $property; before = ''; after = ''; result = 'not found' }
		continue
	}
	$target = [string]$box.PrimarySmtpAddress
	$before = [bool]$box.HiddenFromAddressListsEnabled
	if ($before -eq $want) {
		[pscustomobject]@{ target = $target; property = $property; before = [string]$before; after = [string]$before; result = 'unchanged' }
		continue
	}
	if ($a.dryRun) {
		[pscustomobject]@{ target = $target; property = $property; before = [string]$before; after = [string]$want; result = 'would change' }
		continue
	}
	# One mailbox failing is its own row; the ones already changed still show (and are audited).
	try {
		Set-Mailbox -Identity $target -HiddenFromAddressListsEnabled $want -Confirm:$false -ErrorAction Stop
		[pscustomobject]@{ target = $target; property = $property; before = [string]$before; after = [string]$want; result = 'changed' }
	} catch {
		[pscustomobject]@{ target = $target; property = $property; before = [string]$before; after = [string]$before; result = 'failed: ' + $_.Exception.Message }
	}
}
