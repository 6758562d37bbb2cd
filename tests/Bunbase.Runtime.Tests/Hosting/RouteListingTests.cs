extern alias EventsApp;
extern alias JobsApp;
extern alias WebhooksApp;
using System.Text.Json;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Hosting;
using Bunbase.TestApp.Actions;

namespace Bunbase.Runtime.Tests.Hosting;

/// <summary>What <c>bunbase routes</c> lists: every action with what starts it, HTTP routes first.</summary>
public sealed class RouteListingTests
{
    [Fact]
    public void Each_action_is_listed_with_its_triggers_and_a_tool_only_action_is_marked_as_a_tool()
    {
        var catalog = ActionDiscovery.Discover(
        [
            typeof(Hello), typeof(ToolEcho), typeof(ToolGreet), typeof(JobsApp::Bunbase.JobsApp.Actions.Tick),
            typeof(EventsApp::Bunbase.EventsApp.Actions.Fragile), typeof(WebhooksApp::Bunbase.WebhooksApp.Actions.ReceiveStandard),
            typeof(PublishBurst),
        ]);

        using var listing = JsonDocument.Parse(RouteListing.Json(catalog));
        var routes = listing.RootElement.EnumerateArray().ToDictionary(
            r => r.GetProperty("action").GetString()!,
            r => (Method: r.GetProperty("method").GetString(), Triggers: string.Join(",", r.GetProperty("triggers").EnumerateArray().Select(t => t.GetString()))));

        Assert.Equal(("GET", "http"), routes["hello"]);
        Assert.Equal((null, "tool"), routes["tool-echo"]);
        Assert.Equal(("POST", "http,tool"), routes["tool-greet"]);
        Assert.Equal((null, "cron"), routes["tick"]);
        Assert.Equal((null, "event"), routes["fragile"]);
        Assert.Equal((null, "webhook"), routes["receive-standard"]);
        Assert.Equal(("POST", "http"), routes["realtime-burst"]);
        Assert.All(listing.RootElement.EnumerateArray().Take(3), r => Assert.NotEqual(JsonValueKind.Null, r.GetProperty("method").ValueKind));
    }
}
