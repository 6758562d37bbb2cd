extern alias ExampleApp;
extern alias BenchApp;

using System.Reflection;

namespace Bunbase.Runtime.Tests.OpenApi;

/// <summary>The applications whose documents are checked: the example (template) app, the benchmark app and the fixture app.</summary>
public static class Apps
{
    public static Assembly Example { get; } = typeof(ExampleApp::Program).Assembly;

    public static Assembly Bench { get; } = typeof(BenchApp::Program).Assembly;

    public static Assembly Fixture { get; } = typeof(Program).Assembly;

    public static TheoryData<string> Names { get; } = ["example", "bench", "fixture"];

    public static Assembly ByName(string name) => name switch
    {
        "example" => Example,
        "bench" => Bench,
        _ => Fixture,
    };
}
