// A sign-in from a client set up for another Microsoft cloud. tenantdeck takes authority and
// scopes from one cloud table, so a scope naming another cloud's service host means the client
// signs in at that cloud's login host. Microsoft then refuses the user's tenant with its
// cross-cloud codes (learn.microsoft.com reference-error-codes and the Azure Government
// authority update): AADSTS900439 USGClientNotSupportedOnPublicEndpoint (a US Government tenant
// at login.microsoftonline.com), AADSTS900440 PublicTenantNotSupportedOnUSGovEndpoint (the
// reverse) and AADSTS90038 NationalCloudTenantRedirection (a cloud that does not federate).
import type {SandboxReply, SandboxRequest} from './contract.js';
import {aadError} from './errors.js';
import {CLOUD_INSTANCE as INSTANCE} from './discovery.js';
import {clouds, cloudNames, type CloudName} from '../adapters/cloud.js';

/** The cloud whose Graph or Exchange host `prefix` is, when it is a Microsoft one. */
export function cloudOfServiceHost(prefix: string): CloudName | undefined {
	return cloudNames.find(name => prefix === clouds[name].graphUrl || prefix === clouds[name].exchangeUrl);
}

/** Whether the client of `clientCloud` reaches another login host than the tenant's cloud uses. */
export function signsInElsewhere(tenantCloud: CloudName, clientCloud: CloudName): boolean {
	return clouds[tenantCloud].loginUrl !== clouds[clientCloud].loginUrl;
}

const usGov = (cloud: CloudName) => cloud === 'usgov' || cloud === 'dod';

/** The refusal Microsoft gives a tenant of `tenantCloud` signing in through a client of `clientCloud`. */
export function crossCloudRefusal(request: SandboxRequest, tenantCloud: CloudName, clientCloud: CloudName, tenantName: string): SandboxReply {
	const tenantLogin = clouds[tenantCloud].loginUrl;
	const clientLogin = clouds[clientCloud].loginUrl;
	if (usGov(tenantCloud) && clientCloud === 'public') {
		return aadError(request, 400, 'invalid_request', 900439, `USGClientNotSupportedOnPublicEndpoint - Requests to tenants hosted in the US Government cloud are not supported on public cloud endpoints. This user must sign into ${tenantLogin} instead of ${clientLogin}.`);
	}
	if (tenantCloud === 'public' && usGov(clientCloud)) {
		return aadError(request, 400, 'invalid_request', 900440, `PublicTenantNotSupportedOnUSGovEndpoint - Requests to tenants hosted in the public cloud are not supported on USGov endpoints. This user must sign into ${tenantLogin} instead of ${clientLogin}.`);
	}
	return aadError(request, 400, 'invalid_request', 90038, `NationalCloudTenantRedirection - The specified tenant '${tenantName}' belongs to the National Cloud '${INSTANCE[tenantCloud]}'. Current cloud instance '${INSTANCE[clientCloud]}' does not federate with ${INSTANCE[tenantCloud]}.`);
}
