using System.Buffers.Text;
using System.Text;

namespace Bunbase.Runtime.Storage;

/// <summary>The local backend's page tokens: the last key of the page, base64url-encoded.</summary>
internal static class PageTokens
{
    public static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastKey));

    public static string Decode(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new BadRequestException("invalid_page_token", "The page token is not one a listing returned.");
        }
    }
}
