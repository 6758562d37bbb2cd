using Bunbase.Runtime.Auth;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Configuration;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Tests.Auth.Sessions;

/// <summary>Reading the session cookie out of the Cookie headers in place.</summary>
public sealed class SessionCookieTests
{
    [Theory]
    [InlineData("session=abc", "abc")]
    [InlineData("theme=dark; session=abc; lang=en", "abc")]
    [InlineData("theme=dark;session=abc", "abc")]
    [InlineData("session=\"abc\"", "abc")]
    [InlineData("session=first; session=second", "first")]
    [InlineData("xsession=abc; session_id=def", null)]
    [InlineData("session=", null)]
    [InlineData("session", null)]
    [InlineData("; ;", null)]
    [InlineData("", null)]
    public void The_session_cookie_is_found_among_others(string header, string? expected)
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.Cookie = header;

        var found = Cookie().TryRead(request.Headers.Cookie, out var value);

        Assert.Equal(expected is not null, found);
        Assert.Equal(expected ?? "", value.ToString());
    }

    [Fact]
    public void Several_cookie_headers_are_all_searched()
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.Cookie = new Microsoft.Extensions.Primitives.StringValues(["theme=dark", "session=abc"]);

        Assert.True(Cookie().TryRead(request.Headers.Cookie, out var value));
        Assert.Equal("abc", value.ToString());
    }

    private static SessionCookie Cookie() => new(AuthSettings.Create(new BunbaseOptions(), isDevelopment: false));
}
