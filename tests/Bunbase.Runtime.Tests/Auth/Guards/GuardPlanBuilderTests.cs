using System.Reflection;
using Bunbase.Runtime.Auth.Guards;

namespace Bunbase.Runtime.Tests.Auth.Guards;

/// <summary>Guards read at discovery: levels, order, [AllowAnonymous], and the mistakes refused at start.</summary>
public sealed class GuardPlanBuilderTests
{
    [Fact]
    public void Levels_run_outermost_first_assembly_then_base_classes_then_the_action()
    {
        var plan = Build(typeof(GuardSamples.Leaf), new AssemblyLevel(new RequireRoleAttribute("member"), new GuardAttribute<GuardSamples.First>()));

        Assert.True(plan.RequiresSession);
        Assert.Equal(["member", "staff", "lead"], plan.Requirements.Where(r => r.Kind == RequirementKind.Role).Select(r => r.AnyOf[0]));
        Assert.Equal(["reports:read"], plan.Requirements.Where(r => r.Kind == RequirementKind.Permission).Select(r => r.AnyOf[0]));
        Assert.Equal([typeof(GuardSamples.First), typeof(GuardSamples.Second), typeof(GuardSamples.Third)], plan.ActionGuards.Select(g => g.GuardType));
        Assert.Equal([typeof(GuardSamples.ReadsInput)], plan.InputGuards.Select(g => g.GuardType));
    }

    [Fact]
    public void Allow_anonymous_drops_the_outer_levels()
    {
        var plan = Build(typeof(GuardSamples.Open), new AssemblyLevel(new AuthenticatedAttribute()));

        Assert.Same(GuardPlan.None, plan);
    }

    [Fact]
    public void Guards_below_an_anonymous_base_class_still_apply()
    {
        var plan = Build(typeof(GuardSamples.ClosedAgain), new AssemblyLevel(new RequireRoleAttribute("member")));

        Assert.Equal(["auditor"], plan.Requirements.Select(r => r.AnyOf[0]));
    }

    [Fact]
    public void An_assembly_wide_guard_applies_to_an_action_with_none()
    {
        var plan = Build(typeof(GuardSamples.Plain), new AssemblyLevel(new AuthenticatedAttribute()));

        Assert.True(plan.RequiresSession);
        Assert.True(plan.Requirements.IsEmpty);
    }

    [Fact]
    public void No_guards_at_any_level_is_the_empty_plan()
    {
        Assert.Same(GuardPlan.None, Build(typeof(GuardSamples.Plain), new AssemblyLevel()));
    }

    [Theory]
    [InlineData(typeof(GuardSamples.AnonymousAndGuarded), "[AllowAnonymous] and guards on the same class")]
    [InlineData(typeof(GuardSamples.EmptyRole), "[RequireRole] on the action needs one or more roles")]
    [InlineData(typeof(GuardSamples.RoleWithSpace), "[RequireRole] on the action needs one or more roles")]
    [InlineData(typeof(GuardSamples.WildcardRequired), "[RequirePermission] on the action needs one or more permissions")]
    [InlineData(typeof(GuardSamples.WrongInput), "the guard reads OtherInput but the action's input is Input")]
    [InlineData(typeof(GuardSamples.AbstractGuard), "the guard must be a concrete class")]
    public void Mistakes_are_reported_naming_the_action(Type action, string expected)
    {
        var errors = new List<string>();

        GuardPlanBuilder.Build(action, typeof(GuardSamples.Input), errors, "SampleLocation", new AssemblyLevel());

        var error = Assert.Single(errors);
        Assert.StartsWith("SampleLocation: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private static GuardPlan Build(Type action, AssemblyLevel assembly)
    {
        var errors = new List<string>();
        var plan = GuardPlanBuilder.Build(action, typeof(GuardSamples.Input), errors, "here", assembly);
        Assert.Empty(errors);
        return plan;
    }

    /// <summary>Stands in for an assembly's attributes.</summary>
    private sealed class AssemblyLevel(params Attribute[] attributes) : ICustomAttributeProvider
    {
        public object[] GetCustomAttributes(bool inherit) => attributes;

        public object[] GetCustomAttributes(Type attributeType, bool inherit) => attributes.Where(attributeType.IsInstanceOfType).ToArray();

        public bool IsDefined(Type attributeType, bool inherit) => attributes.Any(attributeType.IsInstanceOfType);
    }
}

#pragma warning disable CA1812 // Read by reflection.
internal static class GuardSamples
{
    public sealed record Input;

    public sealed record OtherInput;

    public sealed class First : ActionGuard
    {
        public override ValueTask<bool> AllowsAsync(ActionContext context, CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }

    public sealed class Second : ActionGuard
    {
        public override ValueTask<bool> AllowsAsync(ActionContext context, CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }

    public sealed class Third : ActionGuard
    {
        public override ValueTask<bool> AllowsAsync(ActionContext context, CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }

    public sealed class ReadsInput : InputGuard<Input>
    {
        public override ValueTask<bool> AllowsAsync(Input input, ActionContext context, CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }

    public sealed class ReadsOther : InputGuard<OtherInput>
    {
        public override ValueTask<bool> AllowsAsync(OtherInput input, ActionContext context, CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }

    public abstract class Abstract : ActionGuard;

    public abstract class Handler : ActionHandler<Input, Input>
    {
        public override Task<Input> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(input);
    }

    [RequireRole("staff")]
    [Guard<Second>]
    public abstract class Staff : Handler;

    [RequireRole("lead")]
    [RequirePermission("reports:read")]
    [Guard<Third>]
    [Guard<ReadsInput>]
    public sealed class Leaf : Staff;

    [AllowAnonymous]
    public sealed class Open : Staff;

    [AllowAnonymous]
    public abstract class OpenBase : Handler;

    [RequireRole("auditor")]
    public sealed class ClosedAgain : OpenBase;

    public sealed class Plain : Handler;

    [AllowAnonymous]
    [Authenticated]
    public sealed class AnonymousAndGuarded : Handler;

    [RequireRole]
    public sealed class EmptyRole : Handler;

    [RequireRole("team lead")]
    public sealed class RoleWithSpace : Handler;

    [RequirePermission("tasks:*")]
    public sealed class WildcardRequired : Handler;

    [Guard<ReadsOther>]
    public sealed class WrongInput : Handler;

    [Guard<Abstract>]
    public sealed class AbstractGuard : Handler;
}
#pragma warning restore CA1812
