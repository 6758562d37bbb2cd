using Bunbase.Runtime.Http;

namespace Bunbase.Runtime.Tests.Http;

public sealed class JsonMediaTypeTests
{
    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json;charset=\"utf-8\"")]
    [InlineData("application/json; charset=\"UTF-8\"")]
    [InlineData("application/problem+json; charset=\"utf-8\"")]
    public void Json_in_utf8_is_accepted_whether_its_charset_is_quoted_or_not(string contentType) =>
        Assert.True(JsonMediaType.Accepts(contentType));

    [Theory]
    [InlineData("application/json; charset=latin1")]
    [InlineData("application/json; charset=\"latin1\"")]
    [InlineData("application/json; charset=utf-8; charset=latin1")]
    [InlineData("application/json; charset=latin1; charset=utf-8")]
    [InlineData("application/json; charset=utf-8; charset=utf-8")]
    [InlineData("application/json; charset=\"")]
    [InlineData("text/plain")]
    public void Another_charset_or_more_than_one_is_refused(string contentType) =>
        Assert.False(JsonMediaType.Accepts(contentType));
}
