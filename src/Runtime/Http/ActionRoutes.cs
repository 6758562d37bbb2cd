using System.Reflection;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Bunbase.Runtime.Json;

namespace Bunbase.Runtime.Http;

/// <summary>Maps every HTTP-triggered action of the catalog to its route.</summary>
internal static class ActionRoutes
{
    public static void MapActions(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var catalog = services.GetRequiredService<ActionCatalog>();
        foreach (var action in catalog.Actions)
        {
            if (action.Http is not { } http)
                continue;
            var create = typeof(ActionRoutes).GetMethod(nameof(CreateEndpoint), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(action.InputType, action.OutputType);
            var handle = (RequestDelegate)create.Invoke(null, [action, services])!;
            endpoints.MapMethods(http.Route.RouterPattern, http.Methods, handle)
                .WithDisplayName($"{action.Name} ({http.Method} {http.Route.Text})")
                .WithMetadata(action);
        }
    }

    private static RequestDelegate CreateEndpoint<TInput, TOutput>(ActionDescriptor action, IServiceProvider services)
        where TInput : notnull
    {
        var json = services.GetRequiredService<JsonContracts>();
        var options = services.GetRequiredService<BunbaseOptions>();
        var environment = services.GetRequiredService<IHostEnvironment>();
        var endpoint = new ActionEndpoint<TInput, TOutput>(
            action,
            new InputBinder<TInput>(action.Input, json, options.MaxRequestBodySize, UnknownFieldsOf(action, options) == UnknownJsonFields.Refuse, options.Storage.MaxUploadBytes, services.GetService<UploadSpoolDirectory>()?.Path),
            new ResponseWriter<TOutput>(action.Http!, action.Output, json, environment.IsDevelopment()),
            services.GetRequiredService<ProblemResponses>(),
            services.GetRequiredService<InvocationPipeline>(),
            services.GetRequiredService<ActionContextServices>());
        return endpoint.HandleAsync;
    }

    /// <summary>The action's own <see cref="UnknownJsonFieldsAttribute"/> (or its base class's), else its assembly's, else <c>json.unknownFields</c>.</summary>
    internal static UnknownJsonFields UnknownFieldsOf(ActionDescriptor action, BunbaseOptions options) =>
        (action.HandlerType.GetCustomAttribute<UnknownJsonFieldsAttribute>(inherit: true)
            ?? action.HandlerType.Assembly.GetCustomAttribute<UnknownJsonFieldsAttribute>())?.Handling
        ?? options.Json.UnknownFields;
}
