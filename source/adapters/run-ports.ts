// The launcher's ports in the product: run folders under the state folder's runs/, and the
// audit log next to them. Console and headless both build their runs from this.

import {join} from 'node:path';
import type {LaunchPorts} from '../core/launch-run.js';
import type {AuthPort, ExchangePort, GraphPort} from '../core/ports.js';
import {auditLogPath, createAuditLog} from './audit-log.js';
import {createRunFolder} from './run-folder.js';

export function runPorts(connection: {auth: Pick<AuthPort, 'token'>; graph: GraphPort; exchange: ExchangePort}, stateFolder: string, operator: string): LaunchPorts {
	return {
		createRunFolder: (operationId, params, tenants, options) => createRunFolder(join(stateFolder, 'runs'), operationId, params, tenants, options),
		audit: (folder, options) => createAuditLog(auditLogPath(stateFolder), operator, {runFolder: folder.path, ...options}),
		auth: connection.auth,
		graph: connection.graph,
		exchange: connection.exchange,
	};
}
