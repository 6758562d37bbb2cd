using Bunbase.Runtime.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Pipeline;

/// <summary>Registers the one invocation pipeline and what every invocation is backed by.</summary>
internal static class PipelineServices
{
    public static IServiceCollection AddPipeline(this IServiceCollection services)
    {
        services.AddSingleton<ObjectValidator>();
        services.AddSingleton<ActionTelemetry>();
        services.AddSingleton<InvocationPipeline>();
        services.AddSingleton<ActionContextServices>();
        return services;
    }
}
