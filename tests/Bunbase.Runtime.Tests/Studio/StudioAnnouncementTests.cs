using Bunbase.Runtime.Studio;

namespace Bunbase.Runtime.Tests.Studio;

/// <summary>The Development sign-in link printed at start-up is one a browser can open.</summary>
public sealed class StudioAnnouncementTests
{
    [Theory]
    [InlineData("http://0.0.0.0:3000", "http://127.0.0.1:3000/_studio/sign-in?token=abc")]
    [InlineData("http://[::]:3000", "http://127.0.0.1:3000/_studio/sign-in?token=abc")]
    [InlineData("http://127.0.0.1:41234", "http://127.0.0.1:41234/_studio/sign-in?token=abc")]
    [InlineData("http://localhost:5000/", "http://localhost:5000/_studio/sign-in?token=abc")]
    [InlineData("http://192.168.1.20:3000", "http://192.168.1.20:3000/_studio/sign-in?token=abc")]
    public void The_link_names_a_host_a_browser_can_open(string address, string expected) =>
        Assert.Equal(expected, StudioAnnouncement.SignInLink(address, "abc"));
}
