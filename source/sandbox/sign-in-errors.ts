// The identity platform's refusals a partner meets on day one, as the token endpoint sends them
// (error, AADSTS code, Microsoft's own sentence). `--sign-in-error <name>` makes the device-code
// sign-in end in one of them, so every one can be seen and tested offline.

export type SignInRefusal = {error: string; code: number; description: (clientId: string) => string; suberror?: string};

export const SIGN_IN_ERRORS = {
	'consent': {error: 'invalid_grant', code: 65001, suberror: 'consent_required', description: clientId => `The user or administrator has not consented to use the application with ID '${clientId}' named 'tenantdeck'. Send an interactive authorization request for this user and resource.`},
	'mfa': {error: 'invalid_grant', code: 50076, suberror: 'basic_action', description: () => "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'."},
	'mfa-registration': {error: 'invalid_grant', code: 50079, suberror: 'basic_action', description: () => 'Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access \'00000003-0000-0000-c000-000000000000\'.'},
	'conditional-access': {error: 'invalid_grant', code: 53003, description: () => 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.'},
	'public-client-disabled': {error: 'invalid_client', code: 7000218, description: () => "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."},
	'app-not-found': {error: 'unauthorized_client', code: 700016, description: clientId => `Application with identifier '${clientId}' was not found in the directory 'Northwind Partners'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`},
	'service-principal-missing': {error: 'invalid_client', code: 650052, description: () => "The app is trying to access a service '00000002-0000-0ff1-ce00-000000000000'(Office 365 Exchange Online) that your organization 'Northwind Partners' lacks a service principal for. Contact your IT Admin to review the configuration of your service subscriptions or consent to the application in order to create the required service principal."},
	'user-not-in-tenant': {error: 'invalid_grant', code: 90072, description: () => "User account 'admin@northwindpartners.onmicrosoft.com' from identity provider 'https://sts.windows.net/9f3c2b1a-7e6d-4c5b-8a9f-0e1d2c3b4a59/' does not exist in tenant 'Northwind Partners' and cannot access the application in that tenant. The account needs to be added as an external user in the tenant first."},
} as const satisfies Record<string, SignInRefusal>;

export type SignInErrorName = keyof typeof SIGN_IN_ERRORS | 'none';

export const SIGN_IN_ERROR_NAMES = [...Object.keys(SIGN_IN_ERRORS), 'none'] as unknown as [SignInErrorName, ...SignInErrorName[]];
