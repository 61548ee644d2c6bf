// Every operation tenantdeck offers, in the order the picker shows them.

import type {AnyOperation} from './operation.js';
import {TenantdeckError} from './errors.js';
import {tenantInfo} from './operations/tenant-info.js';
import {usersList} from './operations/users-list.js';
import {passwordPolicy} from './operations/password-policy.js';

export const builtInOperations: readonly AnyOperation[] = [tenantInfo, usersList, passwordPolicy];

export function findOperation(operations: readonly AnyOperation[], id: string): AnyOperation {
	const operation = operations.find(candidate => candidate.id === id);
	if (operation) return operation;
	const close = operations.filter(candidate => candidate.id.includes(id) || id.includes(candidate.id.split('-')[0]!)).map(candidate => candidate.id);
	throw new TenantdeckError('invalid', `Unknown operation "${id}".`, {hint: close.length ? `Did you mean ${close.join(' or ')}? ` + 'Run "tenantdeck ops" for the list.' : 'Run "tenantdeck ops" for the list.'});
}
