using Microsoft.Net.Http.Headers;

namespace Bunbase.Runtime.Foundation;

/// <summary><c>Content-Disposition</c> values with the file name encoded for every browser (<c>filename</c> and <c>filename*</c>).</summary>
internal static class ContentDispositions
{
    public static string Attachment(string fileName) => Format("attachment", fileName);

    public static string Inline(string? fileName) => fileName is null ? "inline" : Format("inline", fileName);

    private static string Format(string type, string fileName)
    {
        var value = new ContentDispositionHeaderValue(type);
        value.SetHttpFileName(Path.GetFileName(fileName.Replace('\\', '/')));
        return value.ToString();
    }
}
