using System.ComponentModel.DataAnnotations;

namespace Bunbase.TestApp.Actions;

public enum Color
{
    Red,
    Green,
    Blue,
}

/// <summary>Every source and scalar type bound from a GET request.</summary>
[Action("bind-scalars")]
[Get("/bind/{id:int}/{slug}")]
public sealed class BindScalars : ActionHandler<BindScalars.Input, BindScalars.Input>
{
    public sealed record Input(
        int Id,
        string Slug,
        int? Page,
        long? Big,
        decimal? Price,
        bool? Flag,
        Guid? Ref,
        DateTimeOffset? At,
        Color? Color,
        int[]? Tags,
        [FromHeader("X-Tenant")] string? Tenant,
        [FromCookie("session")] string? Session,
        [Range(1, 50)] int Size = 10);

    public override Task<Input> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(input);
}

/// <summary>A PUT whose body is mixed with a path parameter and a header.</summary>
[Action("mixed-sources")]
[Put("/items/{id:guid}")]
public sealed class MixedSources : ActionHandler<MixedSources.Input, MixedSources.Input>
{
    public sealed record Input(
        Guid Id,
        [StringLength(20, MinimumLength = 1)] string Name,
        [FromHeader("X-Version")] int Version,
        [FromQuery] bool DryRun = false);

    public override Task<Input> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(input);
}

/// <summary>Required and optional members by C# nullability and defaults, with no attributes.</summary>
[Action("strict-body")]
[Post("/strict")]
public sealed class StrictBody : ActionHandler<StrictBody.Input, StrictBody.Input>
{
    public sealed record Input(string Name, int Count, string? Note, Color Color = Color.Red, int Optional = 5);

    public override Task<Input> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(input);
}

/// <summary>Nested objects and collections validated by DataAnnotations.</summary>
[Action("place-order")]
[Post("/orders", Status = 201)]
public sealed class PlaceOrder : ActionHandler<PlaceOrder.Order, PlaceOrder.Receipt>
{
    public sealed record Order([Required] Customer Customer, [MinLength(1)] IReadOnlyList<Line> Lines);

    public sealed record Customer([Required, EmailAddress] string Email, [StringLength(50)] string? Name);

    public sealed record Line([Required, RegularExpression("^[A-Z]{3}-[0-9]{3}$")] string Sku, [Range(1, 100)] int Quantity);

    public sealed record Receipt(
        int Lines,
        int Units,
        [ResponseHeader("Location")] string Location,
        [ResponseCookie("last-order", MaxAgeSeconds = 60)] string LastOrder);

    public override Task<Receipt> RunAsync(Order input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Receipt(input.Lines.Count, input.Lines.Sum(l => l.Quantity), "/orders/1", "1"));
}

/// <summary>A 204 response with no body.</summary>
[Action("remove-item")]
[Delete("/items/{id:guid}", Status = 204)]
public sealed class RemoveItem : ActionHandler<RemoveItem.Input, RemoveItem.Output>
{
    public sealed record Input(Guid Id);

    public sealed record Output;

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(new Output());
}

/// <summary>Writes what the query says into a header and a cookie: the output's own values reach the header writer.</summary>
[Action("header-echo")]
[Get("/header-echo")]
public sealed class HeaderEcho : ActionHandler<HeaderEcho.Input, HeaderEcho.Output>
{
    public sealed record Input(string? Location, string? Tag, string? Crumb);

    public sealed record Output(
        bool Ok,
        [ResponseHeader("Location")] string? Location,
        [ResponseHeader("X-Tag")] string? Tag,
        [ResponseCookie("crumb")] string? Crumb);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(true, input.Location, input.Tag, input.Crumb));
}

/// <summary>The order of <see cref="PlaceOrder"/>, refusing fields it does not declare (at any depth).</summary>
[Action("place-order-strictly")]
[Post("/orders/strict", Status = 201)]
[UnknownJsonFields(UnknownJsonFields.Refuse)]
public sealed class PlaceOrderStrictly : ActionHandler<PlaceOrder.Order, PlaceOrderStrictly.Output>
{
    public sealed record Output(int Lines);

    public override Task<Output> RunAsync(PlaceOrder.Order input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(input.Lines.Count));
}

/// <summary>Ignores unknown fields whatever <c>json.unknownFields</c> says.</summary>
[Action("echo-leniently")]
[Post("/echo/lenient")]
[UnknownJsonFields(UnknownJsonFields.Ignore)]
public sealed class EchoLeniently : ActionHandler<EchoLeniently.Input, Echo.Payload>
{
    public sealed record Input([Required, StringLength(100, MinimumLength = 1)] string Name, [Range(0, 1000)] int Count);

    public override Task<Echo.Payload> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) => Task.FromResult(new Echo.Payload(input.Name, input.Count));
}
