// One tenant's directory: organization, domains, users, licences, activated roles and MFA
// registration. Licence counts are derived from users' assignedLicenses, so reports add up.
import {ADDON_SKUS, MAIN_SKUS, MFA_METHODS, OPTIONAL_ROLES, ROLES, SKUS, type RoleTemplate, type Sku} from './catalog.js';
import type {Random} from './random.js';
import {generateUsers, type PinnedAdmin, type SandboxUser} from './tenant-users.js';
import type {TenantRecord} from './world.js';

type Json = Record<string, unknown>;

export type DirectoryRole = {role: Json & {id: string}; memberIds: string[]};

export type TenantDetail = {
	organization: Json;
	domains: Json[];
	users: SandboxUser[];
	subscribedSkus: Json[];
	directoryRoles: DirectoryRole[];
	registrations: Json[];
};

const NEVER = 2147483647;

function assignLicences(users: SandboxUser[], random: Random, adminIds: readonly string[]): Sku[] {
	const main = random.pick(MAIN_SKUS);
	const addon = random.chance(0.4) ? random.pick(ADDON_SKUS) : undefined;
	for (const user of users) {
		// Shared admin accounts stay unlicensed; a few people only need a mailbox.
		if (adminIds.includes(user.id) && user.givenName === null) continue;
		const skus = addon === SKUS.exchangePlan1 && random.chance(0.25) ? [addon] : [main];
		if (addon === SKUS.powerBiPro && random.chance(0.3)) skus.push(addon);
		user.assignedLicenses = skus.map(sku => ({disabledPlans: [], skuId: sku.skuId}));
		user.assignedPlans = skus.flatMap(sku => sku.plans.map(plan => ({assignedDateTime: user.createdDateTime, capabilityStatus: 'Enabled', service: plan.service, servicePlanId: plan.servicePlanId})));
	}
	return addon ? [main, addon] : [main];
}

function subscribedSkus(tenant: TenantRecord, users: SandboxUser[], skus: Sku[], random: Random): Json[] {
	return skus.map(sku => {
		const consumed = users.filter(user => user.assignedLicenses.some(licence => licence.skuId === sku.skuId)).length;
		return {
			id: `${tenant.tenantId}_${sku.skuId}`,
			accountId: tenant.tenantId,
			accountName: tenant.initialDomain.split('.')[0],
			appliesTo: 'User',
			capabilityStatus: 'Enabled',
			consumedUnits: consumed,
			prepaidUnits: {enabled: consumed + random.int(0, 5), suspended: 0, warning: 0, lockedOut: 0},
			servicePlans: sku.plans.map(plan => ({servicePlanId: plan.servicePlanId, servicePlanName: plan.servicePlanName, provisioningStatus: 'Success', appliesTo: 'User'})),
			skuId: sku.skuId,
			skuPartNumber: sku.skuPartNumber,
			subscriptionIds: [random.guid()],
		};
	});
}

function directoryRoles(users: SandboxUser[], adminIds: string[], random: Random): DirectoryRole[] {
	const role = (template: RoleTemplate, memberIds: string[]): DirectoryRole => ({
		role: {id: random.guid(), deletedDateTime: null, description: template.description, displayName: template.displayName, roleTemplateId: template.roleTemplateId},
		memberIds,
	});
	const roles = [role(ROLES.globalAdministrator, adminIds)];
	const staff = users.filter(user => !adminIds.includes(user.id));
	for (const template of OPTIONAL_ROLES) {
		if (staff.length > 0 && random.chance(0.3)) roles.push(role(template, [random.pick(staff).id]));
	}
	return roles;
}

function registrations(users: SandboxUser[], roles: DirectoryRole[], random: Random): Json[] {
	const admins = new Set(roles.flatMap(role => role.memberIds));
	const ssprEnabled = random.chance(0.5);
	return users.map(user => {
		const isAdmin = admins.has(user.id);
		const methods = random.chance(isAdmin ? 0.9 : 0.65) ? MFA_METHODS.filter(() => random.chance(0.45)) : [];
		if (methods.length === 0 && isAdmin && random.chance(0.8)) methods.push('microsoftAuthenticatorPush');
		const mfa = methods.some(method => method !== 'email');
		const push = methods.includes('microsoftAuthenticatorPush');
		const preferred = push ? 'push' : methods.includes('softwareOneTimePasscode') ? 'oath' : methods.includes('mobilePhone') ? 'sms' : 'none';
		return {
			id: user.id,
			isAdmin,
			isMfaCapable: mfa && user.accountEnabled,
			isMfaRegistered: mfa,
			isPasswordlessCapable: push || methods.includes('windowsHelloForBusiness') || methods.includes('fido2SecurityKey'),
			isSsprCapable: ssprEnabled && methods.length > 0,
			isSsprEnabled: ssprEnabled,
			isSsprRegistered: methods.length > 0,
			isSystemPreferredAuthenticationMethodEnabled: true,
			lastUpdatedDateTime: user.lastPasswordChangeDateTime,
			methodsRegistered: methods,
			systemPreferredAuthenticationMethods: push ? ['push'] : methods.includes('mobilePhone') ? ['sms'] : [],
			userDisplayName: user.displayName,
			userPreferredMethodForSecondaryAuthentication: preferred,
			userPrincipalName: user.userPrincipalName,
			userType: 'member',
		};
	});
}

function domains(tenant: TenantRecord, random: Random): Json[] {
	// Older tenants still carry the 90-day expiry that was Microsoft's default until 2021.
	const validity = random.chance(0.3) ? 90 : NEVER;
	const domain = (name: string, isInitial: boolean, isVerified = true): Json => ({
		id: name,
		authenticationType: 'Managed',
		availabilityStatus: null,
		isAdminManaged: true,
		isDefault: name === tenant.defaultDomain,
		isInitial,
		isRoot: true,
		isVerified,
		manufacturer: null,
		model: null,
		passwordNotificationWindowInDays: 14,
		passwordValidityPeriodInDays: validity,
		state: null,
		supportedServices: isVerified ? ['Email', 'OfficeCommunicationsOnline'] : [],
	});
	const list = [domain(tenant.initialDomain, true)];
	if (tenant.customDomain) list.push(domain(tenant.customDomain, false));
	if (tenant.customDomain && random.chance(0.1)) list.push(domain(tenant.customDomain.replace(/^[^.]+/, match => `${match}-mail`), false, false));
	return list;
}

function organization(tenant: TenantRecord, domainList: Json[], skus: Sku[], owner: SandboxUser, isPartner: boolean): Json {
	const plans = skus.flatMap(sku => sku.plans);
	return {
		id: tenant.tenantId,
		deletedDateTime: null,
		assignedPlans: plans.map(plan => ({assignedDateTime: tenant.createdDateTime, capabilityStatus: 'Enabled', service: plan.service, servicePlanId: plan.servicePlanId})),
		businessPhones: [`${tenant.region.phone} 0000`],
		city: tenant.region.cities[0],
		country: tenant.region.country,
		countryLetterCode: tenant.region.code,
		createdDateTime: tenant.createdDateTime,
		defaultUsageLocation: null,
		displayName: tenant.name,
		marketingNotificationEmails: [],
		mobileDeviceManagementAuthority: 'office365',
		onPremisesLastSyncDateTime: null,
		onPremisesSyncEnabled: null,
		partnerTenantType: isPartner ? 'resellerPartnerDelegatedAdmin' : null,
		postalCode: null,
		preferredLanguage: tenant.region.language.slice(0, 2),
		privacyProfile: null,
		provisionedPlans: plans.map(plan => ({capabilityStatus: 'Enabled', provisioningStatus: 'Success', service: plan.service})),
		securityComplianceNotificationMails: [],
		securityComplianceNotificationPhones: [],
		state: null,
		street: null,
		technicalNotificationMails: [owner.userPrincipalName],
		tenantType: 'AAD',
		verifiedDomains: domainList
			.filter(domain => domain.isVerified)
			.map(domain => ({capabilities: 'Email, OfficeCommunicationsOnline', isDefault: domain.isDefault, isInitial: domain.isInitial, name: domain.id, type: 'Managed'})),
	};
}

export function generateDetail(tenant: TenantRecord, random: Random, pinned?: PinnedAdmin): TenantDetail {
	const {users, adminIds} = generateUsers(tenant, random, pinned);
	const skus = assignLicences(users, random, adminIds);
	const roles = directoryRoles(users, adminIds, random);
	const domainList = domains(tenant, random);
	return {
		organization: organization(tenant, domainList, skus, users[0], pinned !== undefined),
		domains: domainList,
		users,
		subscribedSkus: subscribedSkus(tenant, users, skus, random),
		directoryRoles: roles,
		registrations: registrations(users, roles, random),
	};
}

/**
 * What real customers have that a fresh tenant does not: about one in five syncs most users from
 * on-premises Active Directory (Entra Connect), and about one in six never set a password validity
 * period on its domains (Microsoft then applies 90 days).
 */
export function addHybridFacts(detail: TenantDetail, random: Random): void {
	if (random.chance(0.2)) {
		const lastSync = new Date(Date.UTC(2025, 6, 1) - random.int(1, 40) * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
		for (const user of detail.users.slice(1)) {
			if (!random.chance(0.7)) continue;
			user.onPremisesSyncEnabled = true;
			user.onPremisesLastSyncDateTime = lastSync;
		}
	}
	if (random.chance(0.15)) for (const domain of detail.domains) domain.passwordValidityPeriodInDays = null;
}
