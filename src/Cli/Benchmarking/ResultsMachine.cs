namespace Bunbase.Cli.Benchmarking;

/// <summary>Where the run happened.</summary>
internal sealed record ResultsMachine(int ProcessorCount, string Os, string Runtime)
{
    public static ResultsMachine Current() =>
        new(Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.OSDescription, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
}
