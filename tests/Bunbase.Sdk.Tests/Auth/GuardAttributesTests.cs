using System.Reflection;

namespace Bunbase.Sdk.Tests.Auth;

/// <summary>Where the guard attributes may go: classes (inherited by derived classes), assemblies, several at once.</summary>
public sealed class GuardAttributesTests
{
    [Theory]
    [InlineData(typeof(AuthenticatedAttribute), true, false)]
    [InlineData(typeof(RequireRoleAttribute), true, true)]
    [InlineData(typeof(RequirePermissionAttribute), true, true)]
    [InlineData(typeof(GuardAttribute<Allow>), true, true)]
    [InlineData(typeof(AllowAnonymousAttribute), false, false)]
    public void Guards_go_on_classes_and_groups_of_them(Type attribute, bool onAssembly, bool several)
    {
        var usage = attribute.GetCustomAttribute<AttributeUsageAttribute>()!;

        Assert.True(usage.ValidOn.HasFlag(AttributeTargets.Class));
        Assert.Equal(onAssembly, usage.ValidOn.HasFlag(AttributeTargets.Assembly));
        Assert.Equal(several, usage.AllowMultiple);
    }

    [Fact]
    public void Roles_and_permissions_keep_every_value_given()
    {
        Assert.Equal(["admin", "editor"], new RequireRoleAttribute("admin", "editor").Roles);
        Assert.Equal(["tasks:write"], new RequirePermissionAttribute("tasks:write").Permissions);
    }

    [Fact]
    public void A_session_user_has_no_roles_permissions_or_claims_unless_given()
    {
        var user = new SessionUser("ann");

        Assert.Empty(user.Roles);
        Assert.Empty(user.Permissions);
        Assert.Empty(user.Claims);
    }

    private sealed class Allow : ActionGuard
    {
        public override ValueTask<bool> AllowsAsync(ActionContext context, CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }
}
