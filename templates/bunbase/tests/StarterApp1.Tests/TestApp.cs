using Bunbase.Testing;

namespace StarterApp1.Tests;

/// <summary>
/// The app in-process on a free loopback port, with a fresh embedded database (the app's migrations applied)
/// and a clock of its own; deleted after the tests. One per test class: <c>IClassFixture&lt;TestApp&gt;</c>.
/// </summary>
public sealed class TestApp() : BunbaseTestApp(typeof(Actions.Hello).Assembly), IAsyncLifetime;
