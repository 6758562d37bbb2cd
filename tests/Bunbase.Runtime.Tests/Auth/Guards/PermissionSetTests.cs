using Bunbase.Runtime.Auth.Guards;

namespace Bunbase.Runtime.Tests.Auth.Guards;

public sealed class PermissionSetTests
{
    [Theory]
    [InlineData("tasks:write", "tasks:write", true)]
    [InlineData("tasks:*", "tasks:write", true)]
    [InlineData("tasks:*", "tasks:write:own", true)]
    [InlineData("tasks:write:*", "tasks:write:own", true)]
    [InlineData("*", "tasks:write", true)]
    [InlineData("*", "billing", true)]
    [InlineData("tasks:read", "tasks:write", false)]
    [InlineData("tasks", "tasks:write", false)]
    [InlineData("tasks:*", "tasks", false)]
    [InlineData("task:*", "tasks:write", false)]
    [InlineData("tasks:write", "tasks:write:own", false)]
    [InlineData("tasks:write:own", "tasks:write", false)]
    [InlineData("billing:*", "billing", false)]
    [InlineData("Tasks:write", "tasks:write", false)]
    public void A_granted_permission_covers_itself_and_what_its_wildcard_spans(string granted, string required, bool grants)
    {
        Assert.Equal(grants, PermissionSet.From([granted]).Grants(required));
    }

    [Fact]
    public void No_permissions_grant_nothing()
    {
        Assert.False(PermissionSet.From([]).Grants("tasks:write"));
    }

    [Theory]
    [InlineData("*", true, false)]
    [InlineData("tasks:*", true, false)]
    [InlineData("tasks:write", true, true)]
    [InlineData("tasks:*:own", false, false)]
    [InlineData("tasks:", false, false)]
    [InlineData(":write", false, false)]
    [InlineData("tasks write", false, false)]
    [InlineData("", false, false)]
    public void Which_permissions_may_be_granted_and_which_required(string permission, bool grantable, bool requirable)
    {
        Assert.Equal(grantable, PermissionSet.IsGrantable(permission));
        Assert.Equal(requirable, PermissionSet.IsRequirable(permission));
    }
}
