namespace Bunbase.Runtime.Clients;

/// <summary>What <c>--write-client</c> asked for: the language, the folder, and the language's options.</summary>
/// <param name="Language">The client's language.</param>
/// <param name="OutputDirectory">The folder the files are written to (created when missing).</param>
/// <param name="React">TypeScript: also write TanStack Query hooks (<c>react.ts</c>).</param>
/// <param name="Namespace">C#: the namespace of the generated types; null for <c>{AppAssembly}.Client</c> (the assembly name made an identifier when it is not a namespace).</param>
internal sealed record ClientRequest(ClientLanguage Language, string OutputDirectory, bool React = false, string? Namespace = null)
{
    public const string Option = "--write-client";
    public const string OutputOption = "--client-output";
    public const string ReactOption = "--client-react";
    public const string NamespaceOption = "--client-namespace";

    /// <summary>Reads <c>typescript</c> or <c>csharp</c> (case-insensitive); null for anything else.</summary>
    public static ClientLanguage? ParseLanguage(string text) => text.ToLowerInvariant() switch
    {
        "typescript" or "ts" => ClientLanguage.TypeScript,
        "csharp" or "cs" or "c#" => ClientLanguage.CSharp,
        _ => null,
    };
}
