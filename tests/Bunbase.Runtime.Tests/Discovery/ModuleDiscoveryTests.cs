using Bunbase.Runtime.Discovery;
using Bunbase.TestApp.Actions;
using Bunbase.Runtime.Foundation;

namespace Bunbase.Runtime.Tests.Discovery;

public sealed class ModuleDiscoveryTests
{
    [Theory]
    [InlineData("tasks.list", "GET", "/tasks")]
    [InlineData("tasks.find", "GET", "/tasks/{id}")]
    [InlineData("tasks.create", "POST", "/tasks")]
    [InlineData("tasks.open", "GET", "/tasks/open")]
    [InlineData("tasks.archive-task", "POST", "/tasks/{id}/archive")]
    [InlineData("back-office.users.list", "GET", "/back-office/users")]
    public void Names_are_namespaced_and_routes_join_the_prefix_with_one_slash(string name, string method, string route)
    {
        var catalog = ActionDiscovery.Discover(typeof(Program).Assembly);

        var action = catalog.ByName[name];
        Assert.Equal(method, action.Http!.Method);
        Assert.Equal(route, action.Http.Route.RouterPattern);
        Assert.Equal(name[..name.LastIndexOf('.')], action.Module!.Name);
    }

    [Theory]
    [InlineData("/tasks", "", "/tasks")]
    [InlineData("/tasks", "/", "/tasks")]
    [InlineData("/tasks", "/{id}", "/tasks/{id}")]
    [InlineData("/tasks", "{id}", "/tasks/{id}")]
    [InlineData("/orgs/{org}/tasks", "/{id}", "/orgs/{org}/tasks/{id}")]
    [InlineData("", "/tasks", "/tasks")]
    public void A_route_joins_the_prefix_without_double_or_trailing_slashes(string prefix, string route, string expected) =>
        Assert.Equal(expected, ModulePrefix.Join(prefix, route));

    [Theory]
    [InlineData(typeof(ModuleSamples.NoLeadingSlash.List), "module 'no-slash'", "must start with '/'")]
    [InlineData(typeof(ModuleSamples.TrailingSlash.List), "module 'trailing'", "must not end with '/'")]
    [InlineData(typeof(ModuleSamples.RootPrefix.List), "module 'root'", "must not end with '/'")]
    [InlineData(typeof(ModuleSamples.DoubleSlash.List), "module 'double'", "is not a route template")]
    [InlineData(typeof(ModuleSamples.Reserved.List), "module 'reserved'", "reserved for the runtime")]
    [InlineData(typeof(ModuleSamples.CatchAll.List), "module 'open-ended'", "catch-all parameter 'path'")]
    [InlineData(typeof(ModuleSamples.DottedName.List), "module 'a.b'", "no '.'")]
    [InlineData(typeof(ModuleSamples.InUnknownModule), "InUnknownModule", "NotAModule (Bunbase.Runtime.Tests), which is not a module")]
    [InlineData(typeof(ModuleSamples.First.InTwoModules), "InTwoModules", "in two modules, declared inside module 'first'")]
    [InlineData(typeof(ModuleSamples.CycleA.List), "CycleA", "form a cycle")]
    [InlineData(typeof(ModuleSamples.ModuleThatIsAnAction), "module 'acting'", "cannot be an action")]
    [InlineData(typeof(ModuleSamples.BadRole.List), "in module 'bad-role'", "[RequireRole] on the module needs one or more roles")]
    [InlineData(typeof(ModuleSamples.Guarded.InheritsAnonymous), "InheritsAnonymous", "base class PublicBase is [AllowAnonymous] but module 'guarded'")]
    public void Bad_modules_stop_start_up_with_one_line_naming_the_module(Type action, string names, string expected)
    {
        var error = DiscoverFails(action);

        Assert.Contains(names, error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void Two_modules_with_one_name_stop_start_up_even_without_actions()
    {
        var error = DiscoverFails(typeof(ModuleSamples.DuplicateOne), typeof(ModuleSamples.DuplicateTwo));

        Assert.Contains("duplicate module name 'dup'", error, StringComparison.Ordinal);
        Assert.Contains("DuplicateOne", error, StringComparison.Ordinal);
        Assert.Contains("DuplicateTwo", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Module_guards_run_before_the_actions_own_and_only_the_action_itself_can_waive_them()
    {
        var catalog = ActionDiscovery.Discover(typeof(Program).Assembly);

        var find = catalog.ByName["tasks.find"].Guards;
        Assert.True(find.RequiresSession);
        Assert.Equal([typeof(ModuleGuard), typeof(OwnGuard)], find.ActionGuards.Select(g => g.GuardType));
        Assert.True(catalog.ByName["tasks.archive-task"].Guards.RequiresSession);
        Assert.True(catalog.ByName["tasks.open"].Guards.IsEmpty);
        var users = catalog.ByName["back-office.users.list"].Guards;
        Assert.Equal(["role:admin", "permission:users:read"], users.Requirements.Select(r => $"{r.Kind.ToString().ToLowerInvariant()}:{string.Join(',', r.AnyOf)}"));
    }

    [Fact]
    public void A_module_marked_allow_anonymous_drops_the_outer_modules_guards()
    {
        var catalog = Discover(typeof(ModuleSamples.Outer.Public.List), typeof(ModuleSamples.Guarded.Anonymous), typeof(ModuleSamples.Guarded.Plain));

        Assert.True(catalog.ByName["outer.public.list"].Guards.IsEmpty);
        Assert.Equal("/outer/public", catalog.ByName["outer.public.list"].Http!.Route.RouterPattern);
        Assert.True(catalog.ByName["guarded.anonymous"].Guards.IsEmpty);
        Assert.True(catalog.ByName["guarded.plain"].Guards.RequiresSession);
    }

    [Fact]
    public void A_module_rate_limit_is_each_actions_default_and_an_actions_own_wins()
    {
        var catalog = Discover(typeof(ModuleSamples.Guarded.Plain), typeof(ModuleSamples.Guarded.Anonymous), typeof(ModuleSamples.Guarded.OwnLimit));

        Assert.Equal(7, catalog.ByName["guarded.plain"].RateLimit!.Limit);
        Assert.Equal(7, catalog.ByName["guarded.anonymous"].RateLimit!.Limit);
        Assert.Equal(2, catalog.ByName["guarded.own-limit"].RateLimit!.Limit);
    }

    [Fact]
    public void The_modules_tag_comes_first_then_the_actions_own()
    {
        var catalog = ActionDiscovery.Discover(typeof(Program).Assembly);

        Assert.Equal(["tasks"], catalog.ByName["tasks.list"].Tags.ToArray());
        Assert.Equal(["tasks", "lookups"], catalog.ByName["tasks.find"].Tags.ToArray());
        Assert.Equal(["back-office.users"], catalog.ByName["back-office.users.list"].Tags.ToArray());
        Assert.Contains(catalog.Modules, m => m.Name == "tasks" && m.Description == "The fixture's module of tasks.");
    }

    private static ActionCatalog Discover(params Type[] types) => ActionDiscovery.Discover(types);

    private static string DiscoverFails(params Type[] types) =>
        Assert.Throws<StartupException>(() => Discover(types)).Message;
}
