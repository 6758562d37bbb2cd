namespace Bunbase.Runtime.Tests.Discovery;

/// <summary>Action declarations, good and bad, handed to discovery one set at a time.</summary>
public static class Samples
{
    public sealed record IdInput(int Id);

    public sealed record GuidInput(Guid Id);

    public sealed record Empty;

    public sealed record Widget(int Id, string Name);

    public abstract class Base<TInput> : ActionHandler<TInput, Empty>
        where TInput : notnull
    {
        public override Task<Empty> RunAsync(TInput input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(new Empty());
    }

    [Action("get-widget")]
    [Get("/widgets/{id:int}")]
    public sealed class GetWidget : ActionHandler<GetWidget.Input, Widget>
    {
        public sealed record Input(int Id, bool Verbose = false);

        public override Task<Widget> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new Widget(input.Id, "w"));
    }

    [Get("/widgets")]
    public sealed class UnnamedWidgetLister : Base<Empty>;

    [Action("delete-widget")]
    [Delete("/widgets/{id:int}", Status = 204)]
    public sealed class DeleteWidget : Base<IdInput>;

    [Action("get-widget")]
    [Get("/other/{id}")]
    public sealed class SameNameAsGetWidget : Base<IdInput>;

    [Action("find-widget")]
    [Get("/widgets/{widgetId}")]
    public sealed class SameRouteAsGetWidget : Base<SameRouteAsGetWidget.Input>
    {
        public sealed record Input(int WidgetId);
    }

    [Get("/widgets/{id")]
    public sealed class BadTemplate : Base<IdInput>;

    [Get("widgets")]
    public sealed class NoLeadingSlash : Base<Empty>;

    [Get("/_admin/widgets")]
    public sealed class ReservedPath : Base<Empty>;

    [Get("/widgets/{id:guid}")]
    public sealed class ConstraintMismatch : Base<IdInput>;

    [Get("/widgets/{id:minlength(3)}")]
    public sealed class UnsupportedConstraint : Base<IdInput>;

    [Get("/widgets/{id}")]
    public sealed class RouteParameterWithoutProperty : Base<Empty>;

    [Get("/widgets")]
    public sealed class BodyOnGet : Base<BodyOnGet.Input>
    {
        public sealed record Input([FromBody] string Name);
    }

    [Action("no spaces please")]
    [Get("/bad-name")]
    public sealed class BadName : Base<Empty>;

    [Post("/widgets", Status = 302)]
    public sealed class BadStatus : Base<Empty>;

    [Get("/complex")]
    public sealed class ComplexQuery : Base<ComplexQuery.Input>
    {
        public sealed record Input(Widget Filter);
    }

    public abstract class HeaderOutput<TOutput> : ActionHandler<Empty, TOutput>
    {
        public override Task<TOutput> RunAsync(Empty input, ActionContext context, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    [Get("/bad-header-name")]
    public sealed class BadHeaderName : HeaderOutput<BadHeaderName.Output>
    {
        public sealed record Output([ResponseHeader("X Tag")] string Tag);
    }

    [Get("/framing-header")]
    public sealed class FramingHeader : HeaderOutput<FramingHeader.Output>
    {
        public sealed record Output([ResponseHeader("Content-Length")] long Length);
    }

    [Get("/bad-cookie-name")]
    public sealed class BadCookieName : HeaderOutput<BadCookieName.Output>
    {
        public sealed record Output([ResponseCookie("a;b")] string Value);
    }
}
