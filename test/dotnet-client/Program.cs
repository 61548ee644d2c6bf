// A partner's own .NET script, written the way Microsoft's samples write it (MSAL.NET device code,
// a GDAP customer token, the Graph SDK's typed models and errors), pointed at the sandbox. It trusts
// the sandbox only through SSL_CERT_FILE, as the readme says. Each step prints one JSON line for
// test/sandbox/dotnet-client.test.ts; any unexpected failure exits non-zero with the reason.
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Identity.Client;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

if (args.Length < 3)
{
	Console.Error.WriteLine("usage: tenantdeck-dotnet-client <sandbox-url> <client-id> <customer-tenant-id>");
	return 2;
}
var sandbox = args[0].TrimEnd('/');
var clientId = args[1];
var customerTenantId = args[2];

void Report(object line) => Console.WriteLine(JsonSerializer.Serialize(line));

// 1. OpenID Connect discovery over https, with nothing but the system trust store (SSL_CERT_FILE).
using var plain = new HttpClient();
var discovery = await plain.GetFromJsonAsync<JsonElement>($"{sandbox}/organizations/v2.0/.well-known/openid-configuration");
Report(new { step = "discovery", issuer = discovery.GetProperty("issuer").GetString(), tokenEndpoint = discovery.GetProperty("token_endpoint").GetString() });

// 2. Device-code sign-in with MSAL.NET. The authority is the sandbox. Microsoft's own instance
// discovery knows nothing of it, so the metadata comes from the sandbox's endpoint instead (MSAL.NET
// then wants validateAuthority off: the metadata is the validation).
var msalRequests = new List<string>();
var app = PublicClientApplicationBuilder.Create(clientId)
	.WithAuthority($"{sandbox}/organizations", validateAuthority: false)
	.WithHttpClientFactory(new RecordingMsalHttp(msalRequests))
	.WithInstanceDiscoveryMetadata(new Uri($"{sandbox}/common/discovery/instance"))
	.WithLogging((level, message, pii) => { if (level is LogLevel.Error or LogLevel.Warning) Console.Error.WriteLine($"msal {level}: {message}"); }, LogLevel.Warning, enablePiiLogging: false, enableDefaultPlatformLogging: false)
	.Build();
string[] graphScopes = ["https://graph.microsoft.com/.default"];
var signIn = await app.AcquireTokenWithDeviceCode(graphScopes, code =>
{
	Report(new { step = "device_code", userCode = code.UserCode, verificationUrl = code.VerificationUrl, interval = code.Interval });
	return Task.CompletedTask;
}).ExecuteAsync();
Report(new { step = "signed_in", tenantId = signIn.TenantId, username = signIn.Account.Username, homeTenantId = signIn.Account.HomeAccountId.TenantId });

// 3. A token for a customer tenant from the partner's sign-in, as GDAP works: silent, at the customer's authority.
var customer = await app.AcquireTokenSilent(graphScopes, signIn.Account).WithTenantId(customerTenantId).ExecuteAsync();
Report(new { step = "customer_token", tenantId = customer.TenantId, source = customer.AuthenticationResultMetadata.TokenSource.ToString() });
// Which endpoints MSAL.NET itself called (method and path only: the bodies carry codes and tokens).
Report(new { step = "msal_requests", requests = msalRequests.ToArray() });

// 4. The Graph SDK over the customer token. A handler notes what the SDK sends, so the test can see
// the @odata.type the SDK's own model writes into a PATCH.
var sent = new List<string>();
var handlers = GraphClientFactory.CreateDefaultHandlers();
handlers.Add(new Recorder(sent));
var http = GraphClientFactory.Create(handlers);
var auth = new BaseBearerTokenAuthenticationProvider(new FixedToken(customer.AccessToken, new Uri(sandbox).Host));
var graph = new GraphServiceClient(http, auth, $"{sandbox}/v1.0");

var pages = 0;
var users = new List<User>();
var page = await graph.Users.GetAsync(request =>
{
	request.QueryParameters.Select = ["id", "displayName", "userPrincipalName", "jobTitle"];
	request.QueryParameters.Top = 5;
});
while (page is not null)
{
	pages++;
	users.AddRange(page.Value ?? []);
	page = page.OdataNextLink is null ? null : await graph.Users.WithUrl(page.OdataNextLink).GetAsync();
}
var first = users[0];
Report(new { step = "users", count = users.Count, pages, firstId = first.Id, firstUpn = first.UserPrincipalName, mailAbsent = first.Mail is null, extraKeys = first.AdditionalData.Keys.Where(key => !key.StartsWith('@')).ToArray() });

// 5. A PATCH through the SDK's own model (it sends "@odata.type": "#microsoft.graph.user"), then a read-back.
var title = $"Rehearsal {DateTime.UtcNow:HHmmss}";
await graph.Users[first.Id].PatchAsync(new User { JobTitle = title });
var patchBody = sent.LastOrDefault(line => line.StartsWith("PATCH ")) ?? "";
var readBack = await graph.Users[first.Id].GetAsync(request => request.QueryParameters.Select = ["id", "jobTitle"]);
Report(new { step = "patch", sent = patchBody, wanted = title, readBack = readBack?.JobTitle });

// 6. A missing user is a typed ODataError with Graph's code and request-id.
try
{
	await graph.Users["no-such-user@nowhere.invalid"].GetAsync();
	Report(new { step = "not_found", error = "no exception" });
}
catch (ODataError error)
{
	Report(new { step = "not_found", status = error.ResponseStatusCode, code = error.Error?.Code, requestId = error.Error?.InnerError?.RequestId });
}

// 7. Throttling: every Graph call answers 429; with the SDK's retries off it surfaces as ODataError
// carrying Retry-After in whole seconds.
using (var knobs = await plain.PostAsJsonAsync($"{sandbox}/_sandbox/knobs", new { rate429 = 1, retryAfterSec = 0.4 })) knobs.EnsureSuccessStatusCode();
try
{
	await graph.Users.GetAsync(request => request.Options.Add(new RetryHandlerOption { MaxRetry = 0 }));
	Report(new { step = "throttled", error = "no exception" });
}
catch (ODataError error)
{
	var retryAfter = error.ResponseHeaders.TryGetValue("Retry-After", out var values) ? string.Join(",", values) : null;
	Report(new { step = "throttled", status = error.ResponseStatusCode, code = error.Error?.Code, retryAfter });
}
finally
{
	using var reset = await plain.PostAsJsonAsync($"{sandbox}/_sandbox/knobs", new { rate429 = 0 });
}
return 0;

/** The access token MSAL gave, for the sandbox's host only. */
sealed class FixedToken(string token, string host) : IAccessTokenProvider
{
	public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);
	public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) => Task.FromResult(token);
}

/** Notes each request's method, path and (unless told not to) body as the library put them on the wire. */
sealed class Recorder(List<string> sent, bool withBody = true) : DelegatingHandler
{
	protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
	{
		var body = !withBody || request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
		sent.Add(withBody ? $"{request.Method} {request.RequestUri?.PathAndQuery} {body}" : $"{request.Method} {request.RequestUri?.AbsolutePath}");
		return await base.SendAsync(request, cancellationToken);
	}
}

/** MSAL.NET's HTTP, through a Recorder that keeps method and path only. */
sealed class RecordingMsalHttp(List<string> sent) : IMsalHttpClientFactory
{
	private readonly HttpClient client = new(new Recorder(sent, withBody: false) { InnerHandler = new HttpClientHandler() });
	public HttpClient GetHttpClient() => client;
}
