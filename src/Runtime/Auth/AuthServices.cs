using Bunbase.Runtime.Auth.Csrf;
using Bunbase.Runtime.Auth.Passwords;
using Bunbase.Runtime.Auth.Sessions;
using Bunbase.Runtime.Auth.Throttling;
using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Kv;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Auth;

/// <summary>Registers sessions, passwords and sign-in throttling; refuses start-up over a missing or weak secret.</summary>
internal static class AuthServices
{
    public static void AddAuth(this IServiceCollection services, BunbaseOptions options, IHostEnvironment environment, string? sessionAction)
    {
        var isDevelopment = environment.IsDevelopment();
        var settings = AuthSettings.Create(options, isDevelopment);
        var keys = SessionKeyRing.Create(options.Auth, isDevelopment, sessionAction);

        services.AddSingleton(settings);
        services.AddSingleton(keys);
        services.AddSingleton(sp =>
        {
            // Revocations and sign-in failures must be seen by every instance: Redis when configured, else the database.
            return ActivatorUtilities.CreateInstance<AuthStore>(sp, KeyValueStoreFactory.Create(sp, options.Name + ":auth:"));
        });
        services.AddSingleton<SessionTokens>();
        services.AddSingleton<SessionRevocations>();
        services.AddSingleton<SessionCookie>();
        services.AddSingleton<OriginCheck>();
        services.AddSingleton(_ => new PasswordHashing(options.Auth.PasswordIterations));
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<Authenticator>();
        if (keys.Warnings.Count > 0)
            services.AddHostedService(sp => new AuthStartupWarnings(keys, sp.GetRequiredService<ILogger<AuthStartupWarnings>>()));
        // Sign-outs kept in Redis are only as durable as its settings.
        if (options.Redis.Url is not null && keys.SigningKey is not null)
            AddRedisDurabilityCheck(services);
    }

    // Not inlined, so that an app without Redis does not load the client library to start.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void AddRedisDurabilityCheck(IServiceCollection services) => services.AddHostedService<Redis.RedisDurabilityCheck>();
}
