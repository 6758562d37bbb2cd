namespace Bunbase.Runtime.Clients;

/// <summary>The languages a typed client is generated in.</summary>
internal enum ClientLanguage
{
    TypeScript,
    CSharp,
}
