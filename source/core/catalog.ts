// Every operation tenantdeck offers, in the order the picker shows them.

import type {AnyOperation} from './operation.js';
import {TenantdeckError} from './errors.js';
import {didYouMean} from './suggest.js';
import {tenantInfo} from './operations/tenant-info.js';
import {usersList} from './operations/users-list.js';
import {passwordPolicy} from './operations/password-policy.js';
import {domains} from './operations/domains.js';
import {passwordNeverExpiresReport} from './operations/password-never-expires-report.js';
import {passwordNeverExpiresSet} from './operations/password-never-expires-set.js';
import {adminsList} from './operations/admins-list.js';
import {licensesSummary} from './operations/licenses-summary.js';
import {mfaRegistration} from './operations/mfa-registration.js';
import {mailboxesList} from './operations/mailboxes-list.js';
import {mailboxForwardingReport} from './operations/mailbox-forwarding-report.js';
import {mailboxForwardingRemove} from './operations/mailbox-forwarding-remove.js';

export const builtInOperations: readonly AnyOperation[] = [
	tenantInfo,
	domains,
	usersList,
	adminsList,
	licensesSummary,
	mfaRegistration,
	passwordPolicy,
	passwordNeverExpiresReport,
	passwordNeverExpiresSet,
	mailboxesList,
	mailboxForwardingReport,
	mailboxForwardingRemove,
];

export function findOperation(operations: readonly AnyOperation[], id: string): AnyOperation {
	const operation = operations.find(candidate => candidate.id === id);
	if (operation) return operation;
	throw new TenantdeckError('invalid', `Unknown operation "${id}".`, {hint: `${didYouMean(id, operations.map(candidate => candidate.id))}Run "tenantdeck ops" for the list.`});
}
