using System.Text;
using System.Text.RegularExpressions;
using Bunbase.Runtime.Discovery;

namespace Bunbase.Runtime.Clients;

/// <summary>Generates a typed client from the catalog and writes its files (<c>--write-client</c>, for <c>bunbase client</c>).</summary>
internal static partial class ClientFiles
{
    /// <summary>The files of the client, by name (relative to the output folder).</summary>
    public static IReadOnlyDictionary<string, string> Generate(ActionCatalog catalog, ClientRequest request)
    {
        if (request.Language == ClientLanguage.TypeScript)
        {
            var model = ClientModel.Build(catalog, TypeScriptRuntime.Reserved);
            var files = new Dictionary<string, string>(StringComparer.Ordinal) { ["client.ts"] = TypeScriptClientWriter.Write(model) };
            if (request.React)
                files["react.ts"] = TypeScriptReactWriter.Write(model);
            return files;
        }

        var csharp = ClientModel.Build(catalog, CSharpRuntime.Reserved);
        var ns = request.Namespace ?? (Namespace().IsMatch(csharp.AppName) ? csharp.AppName : ClientModel.Identifier(csharp.AppName, upperFirst: true)) + ".Client";
        if (!Namespace().IsMatch(ns))
            throw new ArgumentException($"'{ns}' is not a namespace (dotted identifiers, such as MyApp.Client)");
        if (ns.Split('.').FirstOrDefault(CSharpClientWriter.Keywords.Contains) is { } keyword)
            throw new ArgumentException($"'{ns}' is not a namespace: '{keyword}' is a C# keyword (dotted identifiers, such as MyApp.Client)");
        return CSharpClientWriter.Write(csharp, ns);
    }

    /// <summary>Writes the files (UTF-8, LF line endings), creating the folder; returns their paths.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(ActionCatalog catalog, ClientRequest request, CancellationToken cancellationToken)
    {
        var files = Generate(catalog, request);
        Directory.CreateDirectory(request.OutputDirectory);
        var written = new List<string>();
        foreach (var (name, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(request.OutputDirectory, name);
            await File.WriteAllTextAsync(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken).ConfigureAwait(false);
            written.Add(path);
        }

        return written;
    }

    /// <summary>What <c>--write-client LANGUAGE --client-output DIR [--client-react] [--client-namespace N]</c> does: 0 when written, 1 with the reason on <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(ActionCatalog catalog, string language, string? output, bool react, string? ns, TextWriter error)
    {
        if (ClientRequest.ParseLanguage(language) is not { } parsed)
        {
            await error.WriteLineAsync($"bunbase: {ClientRequest.Option}: '{language}' is not a client language (typescript, csharp)").ConfigureAwait(false);
            return 1;
        }

        if (string.IsNullOrEmpty(output))
        {
            await error.WriteLineAsync($"bunbase: {ClientRequest.Option} needs {ClientRequest.OutputOption} DIR").ConfigureAwait(false);
            return 1;
        }

        try
        {
            await WriteAsync(catalog, new ClientRequest(parsed, Path.GetFullPath(output), react, ns), CancellationToken.None).ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"bunbase: cannot write the client: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex Namespace();
}
