using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Tests.Discovery;

public sealed class ActionDiscoveryTests
{
    [Fact]
    public void Finds_the_actions_of_the_named_assembly_only()
    {
        var catalog = ActionDiscovery.Discover(typeof(Program).Assembly);

        Assert.Contains("hello", catalog.ByName.Keys);
        Assert.Contains("echo", catalog.ByName.Keys);
        Assert.All(catalog.Actions, a => Assert.Equal(typeof(Program).Assembly, a.HandlerType.Assembly));
        Assert.DoesNotContain(catalog.Actions, a => a.HandlerType.Assembly == typeof(ActionDiscoveryTests).Assembly);
    }

    [Fact]
    public void Several_actions_in_one_file_and_a_default_kebab_case_name()
    {
        var catalog = Discover(typeof(Samples.GetWidget), typeof(Samples.UnnamedWidgetLister));

        Assert.Equal(["get-widget", "unnamed-widget-lister"], catalog.Actions.Select(a => a.Name).Order().ToArray());
        var get = catalog.ByName["get-widget"];
        Assert.Equal("GET", get.Http!.Method);
        Assert.Equal("/widgets/{id}", get.Http.Route.RouterPattern);
        Assert.Equal(BindingSource.Path, get.Input.Members.Single(m => m.Property.Name == "Id").Source);
        Assert.Equal(BindingSource.Query, get.Input.Members.Single(m => m.Property.Name == "Verbose").Source);
    }

    [Fact]
    public void Same_route_with_different_verbs_is_fine()
    {
        var catalog = Discover(typeof(Samples.GetWidget), typeof(Samples.DeleteWidget));

        Assert.Equal(2, catalog.Actions.Length);
    }

    [Fact]
    public void Duplicate_action_names_stop_start_up_naming_both_places()
    {
        var error = DiscoverFails(typeof(Samples.GetWidget), typeof(Samples.SameNameAsGetWidget));

        Assert.Contains("duplicate action name 'get-widget'", error, StringComparison.Ordinal);
        Assert.Contains("Samples.GetWidget", error, StringComparison.Ordinal);
        Assert.Contains("Samples.SameNameAsGetWidget", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_routes_stop_start_up_naming_both_places_even_with_other_parameter_names()
    {
        var error = DiscoverFails(typeof(Samples.GetWidget), typeof(Samples.SameRouteAsGetWidget));

        Assert.Contains("duplicate route GET", error, StringComparison.Ordinal);
        Assert.Contains("Samples.GetWidget", error, StringComparison.Ordinal);
        Assert.Contains("Samples.SameRouteAsGetWidget", error, StringComparison.Ordinal);
        Assert.Contains("/widgets/{widgetId}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(Samples.BadTemplate), "bad route template '/widgets/{id'")]
    [InlineData(typeof(Samples.NoLeadingSlash), "must start with '/'")]
    [InlineData(typeof(Samples.ReservedPath), "reserved for the runtime")]
    [InlineData(typeof(Samples.ConstraintMismatch), "does not fit input property Id")]
    [InlineData(typeof(Samples.UnsupportedConstraint), "constraint 'minlength(3)'")]
    [InlineData(typeof(Samples.RouteParameterWithoutProperty), "route parameter 'id' has no input property")]
    [InlineData(typeof(Samples.BodyOnGet), "GET requests have no body")]
    [InlineData(typeof(Samples.BadName), "action name 'no spaces please'")]
    [InlineData(typeof(Samples.BadStatus), "success status 302")]
    [InlineData(typeof(Samples.ComplexQuery), "cannot bind from the query")]
    [InlineData(typeof(Samples.BadHeaderName), "'X Tag' is not a valid header name")]
    [InlineData(typeof(Samples.FramingHeader), "the Content-Length header is the server's own")]
    [InlineData(typeof(Samples.BadCookieName), "'a;b' is not a valid cookie name")]
    public void Bad_declarations_stop_start_up_with_one_line_naming_the_action(Type action, string expected)
    {
        var error = DiscoverFails(action);

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains(action.Name, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void The_catalog_is_immutable()
    {
        var catalog = Discover(typeof(Samples.GetWidget));

        Assert.IsType<System.Collections.Frozen.FrozenDictionary<string, ActionDescriptor>>(catalog.ByName, exactMatch: false);
        Assert.False(catalog.Actions.IsDefault);
    }

    private static ActionCatalog Discover(params Type[] types) => ActionDiscovery.Discover(types);

    private static string DiscoverFails(params Type[] types) =>
        Assert.Throws<StartupException>(() => Discover(types)).Message;
}
