using System.ComponentModel.DataAnnotations;

namespace Bunbase.TestApp.Actions;

// Sessions as the runtime tests drive them: a password-less session for any user, who-am-I, sign-out.

/// <summary>Signs in any user with the roles, permissions and claims asked for (a fixture: no password).</summary>
[Action("auth-session")]
[Post("/auth/session")]
public sealed class StartSession : ActionHandler<StartSession.Input, StartSession.Output>
{
    public sealed record Input([Required] string UserId, string[]? Roles = null, string[]? Permissions = null, Dictionary<string, string>? Claims = null);

    public sealed record Output(string Token, DateTimeOffset ExpiresAt);

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var session = await context.Auth.SignInAsync(
            new SessionUser(input.UserId) { Roles = input.Roles ?? [], Permissions = input.Permissions ?? [], Claims = input.Claims ?? [] },
            cancellationToken);
        return new Output(session.Token, session.Session.ExpiresAt);
    }
}

/// <summary>The caller's session.</summary>
[Action("auth-me")]
[Get("/auth/me")]
[Authenticated]
public sealed class Me : ActionHandler<Me.Input, Me.Output>
{
    public sealed record Input;

    public sealed record Output(string Id, string[] Roles, string[] Permissions, Dictionary<string, string> Claims, string SessionId, DateTimeOffset SignedInAt, DateTimeOffset ExpiresAt);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        var user = context.Auth.User!;
        var session = context.Auth.Session!;
        return Task.FromResult(new Output(user.Id, [.. user.Roles], [.. user.Permissions], user.Claims.ToDictionary(), session.Id, session.SignedInAt, session.ExpiresAt));
    }
}

/// <summary>Anyone: says who the caller is, if anyone.</summary>
[Action("auth-maybe")]
[Get("/auth/maybe")]
public sealed class MaybeMe : ActionHandler<MaybeMe.Input, MaybeMe.Output>
{
    public sealed record Input;

    public sealed record Output(string? Id);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(context.Auth.User?.Id));
}

/// <summary>Anyone: writes, and says who the caller is (for the Origin check of cookie writes on an unguarded action).</summary>
[Action("auth-maybe-write")]
[Post("/auth/maybe")]
public sealed class MaybeMeWrite : ActionHandler<MaybeMeWrite.Input, MaybeMe.Output>
{
    public sealed record Input(string? Note = null);

    public override Task<MaybeMe.Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new MaybeMe.Output(context.Auth.User?.Id));
}

/// <summary>Ends the caller's session (anyone may call it).</summary>
[Action("auth-sign-out")]
[Post("/auth/sign-out", Status = 204)]
[SignsOut]
public sealed class SignOut : ActionHandler<SignOut.Input, SignOut.Output>
{
    public sealed record Input;

    public sealed record Output;

    public override async Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.Auth.SignOutAsync(cancellationToken);
        return new Output();
    }
}

/// <summary>Ends every session of the caller.</summary>
[Action("auth-sign-out-everywhere")]
[Post("/auth/sign-out-everywhere", Status = 204)]
[Authenticated]
public sealed class SignOutEverywhere : ActionHandler<SignOut.Input, SignOut.Output>
{
    public override async Task<SignOut.Output> RunAsync(SignOut.Input input, ActionContext context, CancellationToken cancellationToken)
    {
        await context.Auth.SignOutEverywhereAsync(context.Auth.User!.Id, cancellationToken);
        return new SignOut.Output();
    }
}

/// <summary>A password sign-in against one fixed account, throttled by <see cref="IAuth.VerifyCredentialsAsync"/>.</summary>
[Action("auth-sign-in")]
[Post("/auth/sign-in")]
[SignsIn(VerifiesCredentials = true)]
public sealed class SignIn : ActionHandler<SignIn.Input, StartSession.Output>
{
    public const string Email = "ann@example.com";
    public const string Password = "correct horse battery staple";
    private static string? _hash;

    public sealed record Input([Required, StringLength(254)] string Email, [Required, StringLength(128)] string Password);

    public override async Task<StartSession.Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken)
    {
        _hash ??= context.Auth.HashPassword(Password);
        var known = string.Equals(input.Email.Trim(), Email, StringComparison.OrdinalIgnoreCase);
        await context.Auth.VerifyCredentialsAsync(input.Email, known ? _hash : null, input.Password, cancellationToken);
        var session = await context.Auth.SignInAsync(new SessionUser("ann"), cancellationToken);
        return new StartSession.Output(session.Token, session.Session.ExpiresAt);
    }
}
