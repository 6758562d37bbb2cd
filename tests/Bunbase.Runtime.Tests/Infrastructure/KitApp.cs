using System.Reflection;
using Bunbase.Testing;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>
/// This repository's fixture apps hosted by Bunbase.Testing, as app authors host theirs. They get a
/// configuration of their own (<c>Kit/bunbase.config.json</c>: this project's output folder holds the
/// example app's), with no migrations unless a setting names them.
/// </summary>
public static class KitApp
{
    private static readonly string ConfigPath = Path.Combine(AppContext.BaseDirectory, "Kit", "bunbase.config.json");

    public static Task<BunbaseTestApp> StartAsync(Assembly? assembly = null, bool postgres = false, params (string Key, string Value)[] settings)
    {
        var options = new BunbaseTestAppOptions { ConfigPath = ConfigPath, DatabaseUrl = postgres ? TestServices.DatabaseUrl : null };
        foreach (var (key, value) in settings)
            options.Settings[key] = value;
        return BunbaseTestApp.StartAsync(assembly ?? typeof(Program).Assembly, options);
    }
}
