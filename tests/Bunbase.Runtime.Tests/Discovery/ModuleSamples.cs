namespace Bunbase.Runtime.Tests.Discovery;

/// <summary>Module declarations, good and bad, handed to discovery one set at a time.</summary>
public static class ModuleSamples
{
    public sealed record Empty;

    public abstract class Base : ActionHandler<Empty, Empty>
    {
        public override Task<Empty> RunAsync(Empty input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(new Empty());
    }

    [Module("no-slash", Prefix = "tasks")]
    public static class NoLeadingSlash
    {
        [Get("")]
        public sealed class List : Base;
    }

    [Module("trailing", Prefix = "/tasks/")]
    public static class TrailingSlash
    {
        [Get("")]
        public sealed class List : Base;
    }

    [Module("root", Prefix = "/")]
    public static class RootPrefix
    {
        [Get("/x")]
        public sealed class List : Base;
    }

    [Module("double", Prefix = "//tasks")]
    public static class DoubleSlash
    {
        [Get("")]
        public sealed class List : Base;
    }

    [Module("reserved", Prefix = "/_tasks")]
    public static class Reserved
    {
        [Get("")]
        public sealed class List : Base;
    }

    [Module("open-ended", Prefix = "/files/{*path}")]
    public static class CatchAll
    {
        [Get("")]
        public sealed class List : Base;
    }

    [Module("a.b", Prefix = "/ab")]
    public static class DottedName
    {
        [Get("")]
        public sealed class List : Base;
    }

    [Module("dup", Prefix = "/one")]
    public static class DuplicateOne;

    [Module("dup", Prefix = "/two")]
    public static class DuplicateTwo;

    public sealed class NotAModule;

    [InModule(typeof(NotAModule))]
    [Get("/unknown")]
    public sealed class InUnknownModule : Base;

    [Module("first", Prefix = "/first")]
    public static class First
    {
        [InModule(typeof(Second))]
        [Get("/both")]
        public sealed class InTwoModules : Base;
    }

    [Module("second", Prefix = "/second")]
    public static class Second;

    [Module("cycle-a")]
    [InModule(typeof(CycleB))]
    public static class CycleA
    {
        [Get("/cycle")]
        public sealed class List : Base;
    }

    [Module("cycle-b")]
    [InModule(typeof(CycleA))]
    public static class CycleB;

    [Module("acting", Prefix = "/acting")]
    [Get("/acting")]
    public sealed class ModuleThatIsAnAction : Base;

    [Module("bad-role", Prefix = "/bad-role")]
    [RequireRole]
    public static class BadRole
    {
        [Get("")]
        public sealed class List : Base;
    }

    [AllowAnonymous]
    public abstract class PublicBase : Base;

    [Module("guarded", Prefix = "/guarded")]
    [Authenticated]
    [RateLimit(7, Per = "1m")]
    public static class Guarded
    {
        [Get("/inherits-anonymous")]
        public sealed class InheritsAnonymous : PublicBase;

        [Get("/anonymous")]
        [AllowAnonymous]
        public sealed class Anonymous : Base;

        [Get("/guarded")]
        public sealed class Plain : Base;

        [Get("/own-limit")]
        [RateLimit(2, Per = "1m")]
        public sealed class OwnLimit : Base;
    }

    /// <summary>A public module: its [AllowAnonymous] drops an outer module's guards.</summary>
    [Module("outer", Prefix = "/outer")]
    [Authenticated]
    public static class Outer
    {
        [Module("public", Prefix = "/public")]
        [AllowAnonymous]
        public static class Public
        {
            [Get("")]
            public sealed class List : Base;
        }
    }
}
