// The app registration's delegated permissions, from the operations' own declarations. Its own
// module because it loads every operation (and zod): the setup screen imports it only when shown,
// so the console's first frame does not pay for the catalog.

import {builtInOperations} from '../../core/catalog.js';
import {appRegistrationPermissions} from '../../core/permissions.js';

/** The app registration's delegated permissions, as the readme's table. */
export const delegatedPermissions: ReadonlyArray<readonly [string, string]> = (() => {
	const needed = appRegistrationPermissions(builtInOperations);
	return [
		...needed.graph.map(scope => ['Microsoft Graph', scope] as const),
		...(needed.exchange ? [['Office 365 Exchange Online', 'Exchange.Manage'] as const] : []),
		['Microsoft Partner Center', 'user_impersonation'] as const,
	];
})();
