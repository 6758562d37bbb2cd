namespace Bunbase.Cli.Benchmarking;

/// <summary>
/// A sign-in made once before a scenario's load; its token goes with every request of the scenario.
/// </summary>
/// <param name="Request">The sign-in request (no placeholders).</param>
/// <param name="Token">Where the token is in the answer: <c>json:PROPERTY</c> (a top-level property of the JSON body) or <c>cookie:NAME</c> (a Set-Cookie).</param>
/// <param name="SendAs">How requests carry it: <c>bearer</c> (Authorization) or <c>cookie:NAME</c>.</param>
internal sealed record SessionRequest(RequestTemplate Request, string Token = "json:token", string SendAs = "bearer");
