namespace Bunbase.Runtime.Seeding;

/// <summary>A C# seed of the app: its class, its name (<c>0002_demo_users</c>) and the version that orders it.</summary>
internal sealed record SeedType(Type Type, string Name, long Version)
{
    /// <summary>What the seeds' history records for it: a class has no text to hash, so renaming it reads as an edit.</summary>
    public string Checksum => "csharp:" + Type.FullName;
}
