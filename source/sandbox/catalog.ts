// Microsoft's real identifiers for the licences and directory roles the simulated tenants use, so
// operations written against the sandbox match production data (skuId, roleTemplateId).

export type ServicePlan = {servicePlanId: string; servicePlanName: string; service: string};

const plans = {
	exchangeStandard: {servicePlanId: '9aaf7827-d63c-4b61-89c3-182f06f82e5c', servicePlanName: 'EXCHANGE_S_STANDARD', service: 'exchange'},
	exchangeEnterprise: {servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', servicePlanName: 'EXCHANGE_S_ENTERPRISE', service: 'exchange'},
	sharePointStandard: {servicePlanId: 'c7699d2e-19aa-44de-8edf-1736da088ca1', servicePlanName: 'SHAREPOINTSTANDARD', service: 'SharePoint'},
	sharePointEnterprise: {servicePlanId: '5dbe027f-2339-4123-9542-606e4d348a72', servicePlanName: 'SHAREPOINTENTERPRISE', service: 'SharePoint'},
	teams: {servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929', servicePlanName: 'TEAMS1', service: 'TeamspaceAPI'},
	skypeStandard: {servicePlanId: '0feaeb32-d00e-4d66-bd5a-43b5b83db82c', servicePlanName: 'MCOSTANDARD', service: 'MicrosoftCommunicationsOnline'},
	officeApps: {servicePlanId: '43de0ff5-c92c-492b-9116-175376d08c38', servicePlanName: 'OFFICESUBSCRIPTION', service: 'MicrosoftOffice'},
	entraP1: {servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d', servicePlanName: 'AAD_PREMIUM', service: 'AADPremiumService'},
	powerBiPro: {servicePlanId: '70d33638-9c74-4d01-bfd3-562de28bd4ba', servicePlanName: 'BI_AZURE_P2', service: 'ProcessSimple'},
} satisfies Record<string, ServicePlan>;

export type Sku = {skuId: string; skuPartNumber: string; name: string; plans: readonly ServicePlan[]};

export const SKUS = {
	businessBasic: {skuId: '3b555118-da6a-4418-894f-7df1e2096870', skuPartNumber: 'O365_BUSINESS_ESSENTIALS', name: 'Microsoft 365 Business Basic', plans: [plans.exchangeStandard, plans.sharePointStandard, plans.teams]},
	businessStandard: {skuId: 'f245ecc8-75af-4f8e-b61f-27d8114de5f3', skuPartNumber: 'O365_BUSINESS_PREMIUM', name: 'Microsoft 365 Business Standard', plans: [plans.exchangeStandard, plans.sharePointStandard, plans.teams, plans.officeApps]},
	businessPremium: {skuId: 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46', skuPartNumber: 'SPB', name: 'Microsoft 365 Business Premium', plans: [plans.exchangeStandard, plans.sharePointStandard, plans.teams, plans.officeApps, plans.entraP1]},
	m365E3: {skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', skuPartNumber: 'SPE_E3', name: 'Microsoft 365 E3', plans: [plans.exchangeEnterprise, plans.sharePointEnterprise, plans.teams, plans.skypeStandard, plans.officeApps, plans.entraP1]},
	o365E3: {skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', skuPartNumber: 'ENTERPRISEPACK', name: 'Office 365 E3', plans: [plans.exchangeEnterprise, plans.sharePointEnterprise, plans.teams, plans.officeApps]},
	exchangePlan1: {skuId: '4b9405b0-7788-4568-add1-99614e613b69', skuPartNumber: 'EXCHANGESTANDARD', name: 'Exchange Online (Plan 1)', plans: [plans.exchangeStandard]},
	powerBiPro: {skuId: 'f8a1db68-be16-40ed-86d5-cb42ce701560', skuPartNumber: 'POWER_BI_PRO', name: 'Power BI Pro', plans: [plans.powerBiPro]},
} satisfies Record<string, Sku>;

/** Main licence families a small business buys one of; add-ons are mixed in separately. */
export const MAIN_SKUS: readonly Sku[] = [SKUS.businessBasic, SKUS.businessStandard, SKUS.businessStandard, SKUS.businessPremium, SKUS.m365E3, SKUS.o365E3];
export const ADDON_SKUS: readonly Sku[] = [SKUS.exchangePlan1, SKUS.powerBiPro];

export type RoleTemplate = {roleTemplateId: string; displayName: string; description: string};

export const ROLES = {
	globalAdministrator: {roleTemplateId: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator', description: 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.'},
	exchangeAdministrator: {roleTemplateId: '29232cdf-9323-42fd-ade2-1d097af3e4de', displayName: 'Exchange Administrator', description: 'Can manage all aspects of the Exchange product.'},
	userAdministrator: {roleTemplateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', displayName: 'User Administrator', description: 'Can manage all aspects of users and groups, including resetting passwords for limited admins.'},
	helpdeskAdministrator: {roleTemplateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8', displayName: 'Helpdesk Administrator', description: 'Can reset passwords for non-administrators and Helpdesk Administrators.'},
	billingAdministrator: {roleTemplateId: 'b0f54661-2d74-4c50-afa3-1ec803f12efe', displayName: 'Billing Administrator', description: 'Can perform common billing related tasks like updating payment information.'},
	sharePointAdministrator: {roleTemplateId: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c', displayName: 'SharePoint Administrator', description: 'Can manage all aspects of the SharePoint service.'},
	globalReader: {roleTemplateId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', displayName: 'Global Reader', description: 'Can read everything that a Global Administrator can, but not update anything.'},
} satisfies Record<string, RoleTemplate>;

/** Roles a small tenant sometimes activates besides Global Administrator. */
export const OPTIONAL_ROLES: readonly RoleTemplate[] = [ROLES.exchangeAdministrator, ROLES.userAdministrator, ROLES.helpdeskAdministrator, ROLES.billingAdministrator, ROLES.sharePointAdministrator, ROLES.globalReader];

/** Values Graph accepts for user.passwordPolicies. */
export const PASSWORD_POLICY_VALUES = ['None', 'DisablePasswordExpiration', 'DisableStrongPassword', 'DisablePasswordExpiration, DisableStrongPassword'] as const;

/** Authentication methods as userRegistrationDetails.methodsRegistered names them. */
export const MFA_METHODS = ['microsoftAuthenticatorPush', 'softwareOneTimePasscode', 'mobilePhone', 'email', 'windowsHelloForBusiness', 'fido2SecurityKey'] as const;
