using Bunbase.Runtime.Configuration;
using Bunbase.Runtime.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Bunbase.Runtime.Accounts;

/// <summary>Registers the accounts module when <c>accounts.enabled</c>: its stores, its tables at start, and its actions (for discovery).</summary>
internal static class AccountsServices
{
    /// <summary>The module's actions when it is enabled, none otherwise.</summary>
    public static IEnumerable<Type> ActionTypes(BunbaseOptions options) =>
        options.Accounts.Enabled ? Actions.AccountsModule.Types : [];

    /// <summary>The module's built-in mail templates when it is enabled.</summary>
    public static IReadOnlyDictionary<string, string>? MailTemplates(BunbaseOptions options) =>
        options.Accounts.Enabled ? AccountMails.Templates : null;

    /// <summary>An organisation guard needs the module's memberships: without the module, start-up is refused (never a 500 per request).</summary>
    public static void RefuseOrgGuardsWithoutModule(Discovery.ActionCatalog catalog, BunbaseOptions options)
    {
        if (options.Accounts.Enabled)
            return;
        var guarded = catalog.Actions.FirstOrDefault(a => a.Guards.InputGuards.Any(g => typeof(OrgRoleGuard).IsAssignableFrom(g.GuardType)));
        if (guarded is not null)
            throw new Foundation.StartupException($"Action '{guarded.Name}' ({guarded.Location}) has an organisation guard, which needs the accounts module: set accounts.enabled");
        var stepUp = catalog.Actions.FirstOrDefault(a => a.Guards.RecentMfa is not null);
        if (stepUp is not null)
            throw new Foundation.StartupException($"Action '{stepUp.Name}' ({stepUp.Location}) has [RequireRecentMfa], which needs the accounts module: set accounts.enabled");
    }

    public static IServiceCollection AddAccounts(this IServiceCollection services, BunbaseOptions options)
    {
        if (!options.Accounts.Enabled)
        {
            services.AddSingleton<IAccountAdmin, AccountAdminWithoutModule>();
            return services;
        }

        services.AddSingleton(new AccountsSettings(options));
        services.AddSingleton<IAccountAdmin, AccountAdmin>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<AccountCodes>();
        services.AddSingleton<AccountSessions>();
        services.AddSingleton<Auth.Sessions.ISessionsEndedListener, AccountSessionsEnded>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<Oidc.OidcProviders>();
        services.AddSingleton<GitHub.GitHubProvider>();
        services.AddSingleton<IOrganizationRoles, OrganizationRoles>();
        services.AddSingleton<Mfa.TotpFactors>();
        services.AddSingleton<Auth.Guards.IRecentMfa, Mfa.RecentMfa>();
        services.AddSingleton<Auth.IApiKeyAuthenticator>(sp => sp.GetRequiredService<ApiKeys>());
        services.AddHostedService<AccountsStartup>();
        services.AddRuntimeTables(sp => cancellationToken => RuntimeSchema.EnsureAsync(sp.GetRequiredService<Database>(), AccountsSchema.Ddl, AccountsSchema.Ddl, cancellationToken));
        return services;
    }
}
