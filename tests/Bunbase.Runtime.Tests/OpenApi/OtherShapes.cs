using System.ComponentModel.DataAnnotations;

namespace Bunbase.Runtime.Tests.OpenApi.Other;

/// <summary>Same short names as <see cref="OpenApi.Shapes"/>, another namespace.</summary>
public static class Shapes
{
    public sealed record Address([Required] string Line);
}
