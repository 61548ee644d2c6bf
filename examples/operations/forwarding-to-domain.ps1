# tenantdeck operation
# title: Mailboxes forwarding to a domain
# description: Lists the mailboxes whose forwarding address is on the domain you name (for
#   example gmail.com), so you can see where a tenant's mail goes after a breach or a leaver.
# risk: read
# cmdlets: Get-Mailbox
# columns: mailbox, displayName, kind, forwardsTo
# param: domain (required) The domain mail is forwarded to, e.g. gmail.com
# param: kind (optional, one of: all|user|shared, default: all) Which mailboxes to look at
#
# $Args[0] holds the parameters by name, plus dryRun, tenantId, tenantDomain and tenantName.
# Every object the script outputs becomes a row. Only engine commands and Exchange cmdlets are used,
# so the same text runs in pwsh and in tenantdeck's sandbox.

$a = $Args[0]
$suffix = '@' + $a.domain.TrimStart('@').ToLowerInvariant()
$types = switch ($a.kind) {
	'user' { @('UserMailbox') }
	'shared' { @('SharedMailbox') }
	default { @('UserMailbox', 'SharedMailbox') }
}
Get-Mailbox -ResultSize Unlimited -RecipientTypeDetails $types -ErrorAction Stop | ForEach-Object {
	$forward = ([string]$_.ForwardingSmtpAddress) -replace '^smtp:', ''
	if ($forward.ToLowerInvariant().EndsWith($suffix)) {
		[pscustomobject]@{
			mailbox = [string]$_.PrimarySmtpAddress
			displayName = [string]$_.DisplayName
			kind = [string]$_.RecipientTypeDetails
			forwardsTo = $forward
		}
	}
}
