return await Bunbase.Runtime.Hosting.BunbaseApplication.RunAsync(args, typeof(Program).Assembly);

/// <summary>The fixture application's entry point; its assembly holds the actions under test.</summary>
public partial class Program;
