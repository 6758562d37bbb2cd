return await Bunbase.Runtime.Hosting.BunbaseApplication.RunAsync(args, typeof(Program).Assembly);

/// <summary>The fixture app's entry point (named, so tests can find its assembly).</summary>
public partial class Program;
