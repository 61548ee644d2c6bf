// The sandbox stand-in module's JSON reader, compiled, as the real ExchangeOnlineManagement's client
// deserialises its pages in compiled code. The stand-in reads every page a tenant's connection slot
// waits for; in script that cost more per page than the rest of the client's work after the cmdlet.
// Under a real pwsh (no engine host) the stand-in keeps its script reader, which gives the same objects.
using System.Management.Automation;
using System.Text.Json;

namespace Tenantdeck.PwshHost;

public static class SandboxJson
{
	/// <summary>Objects as PSCustomObjects (properties in order), arrays as object[], whole numbers as long.</summary>
	public static object? Parse(string text)
	{
		using var document = JsonDocument.Parse(text);
		return Convert(document.RootElement);
	}

	private static object? Convert(JsonElement element) => element.ValueKind switch
	{
		JsonValueKind.Object => ToObject(element),
		JsonValueKind.Array => element.EnumerateArray().Select(Convert).ToArray(),
		JsonValueKind.String => element.GetString(),
		JsonValueKind.Number => element.TryGetInt64(out var whole) ? (object)whole : element.GetDouble(),
		JsonValueKind.True => true,
		JsonValueKind.False => false,
		_ => null,
	};

	private static PSObject ToObject(JsonElement element)
	{
		var result = new PSObject();
		foreach (var property in element.EnumerateObject())
		{
			// A repeated name keeps its last value, as the script reader's ordered dictionary does.
			result.Properties.Remove(property.Name);
			result.Properties.Add(new PSNoteProperty(property.Name, Convert(property.Value)));
		}
		return result;
	}
}
