using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bunbase.Cli.Benchmarking;

/// <summary>Writes and reads results files.</summary>
internal static class ResultsFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task WriteAsync(string path, ResultsDocument document)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, Options) + "\n").ConfigureAwait(false);
    }

    public static ResultsDocument Read(string path)
    {
        if (!File.Exists(path))
            throw new CliException($"results file {path} does not exist");
        try
        {
            var document = JsonSerializer.Deserialize<ResultsDocument>(File.ReadAllBytes(path), Options);
            if (document?.Scenarios is null || document.Scenarios.Count == 0)
                throw new CliException($"results file {path} holds no scenarios");
            return document;
        }
        catch (JsonException ex)
        {
            throw new CliException($"results file {path} is not a results file: {ex.Message}");
        }
    }
}
