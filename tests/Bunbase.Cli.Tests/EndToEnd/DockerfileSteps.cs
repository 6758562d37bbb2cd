namespace Bunbase.Cli.Tests.EndToEnd;

/// <summary>
/// A generated app's Dockerfile run as Docker would run it, on this machine (CI has no Docker engine): its
/// build stage's WORKDIR becomes a scratch folder, COPY takes from the app folder less what .dockerignore
/// names, RUN runs in sh there; then the runtime stage's <c>COPY --from=build</c> makes the image's folder.
/// Only what the template's Dockerfile uses is understood; anything else fails the test, so an edit to the
/// Dockerfile cannot go unchecked.
/// </summary>
public static class DockerfileSteps
{
    /// <summary>Runs the build stage and returns the runtime stage's working folder (the image's /app).</summary>
    public static async Task<string> BuildAsync(string context, string root, FreshUser user)
    {
        var ignored = File.ReadAllLines(Path.Combine(context, ".dockerignore")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var stage = "";
        var workdir = root;
        string? image = null;
        foreach (var instruction in Instructions(Path.Combine(context, "Dockerfile")))
        {
            var (keyword, rest) = (instruction.Split(' ', 2)[0], instruction.Split(' ', 2).ElementAtOrDefault(1) ?? "");
            switch (keyword)
            {
                case "ARG" or "ENV" or "EXPOSE" or "USER" or "HEALTHCHECK" or "ENTRYPOINT":
                    break;
                case "FROM":
                    stage = rest.Split(" AS ")[^1];
                    break;
                case "WORKDIR":
                    workdir = Directory.CreateDirectory(Path.Combine(root, stage, rest.TrimStart('/'))).FullName;
                    if (stage == "runtime")
                        image = workdir;
                    break;
                case "COPY" when rest.StartsWith("--from=build ", StringComparison.Ordinal):
                    var parts = rest.Split(' ');
                    CopyTree(Path.Combine(root, "build", parts[1].TrimStart('/')), Path.Combine(workdir, parts[2]), []);
                    break;
                case "COPY":
                    var arguments = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var target = Path.Combine(workdir, arguments[^1]);
                    foreach (var source in arguments[..^1])
                    {
                        var from = Path.Combine(context, source);
                        if (File.Exists(from))
                            File.Copy(from, Path.Combine(Directory.CreateDirectory(target).FullName, Path.GetFileName(from)), overwrite: true);
                        else
                            CopyTree(from, target, ignored);
                    }

                    break;
                case "RUN":
                    var run = await user.RunAsync("/bin/sh", workdir, TimeSpan.FromMinutes(5), "-c", rest);
                    Assert.True(run.ExitCode == 0, $"RUN {rest} exited with {run.ExitCode}: {run.Output}");
                    break;
                default:
                    Assert.Fail($"the Dockerfile's {keyword} is not understood by this test: teach DockerfileSteps what it does");
                    break;
            }
        }

        return image ?? throw new InvalidOperationException("the Dockerfile has no runtime stage with a WORKDIR");
    }

    /// <summary>The instructions, continuation lines joined, comments and blank lines left out.</summary>
    private static IEnumerable<string> Instructions(string dockerfile)
    {
        var current = "";
        foreach (var line in File.ReadAllLines(dockerfile).Select(l => l.Trim()))
        {
            if (line.StartsWith('#') || line.Length == 0)
                continue;
            current += line.EndsWith('\\') ? line[..^1] : line;
            if (line.EndsWith('\\'))
                continue;
            yield return current;
            current = "";
        }
    }

    /// <summary>Copies a folder's files, less those a .dockerignore line names ("**/name/" anywhere, "name/" at the top).</summary>
    private static void CopyTree(string from, string to, IReadOnlyList<string> ignored)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var segments = relative.Split(Path.DirectorySeparatorChar);
            if (ignored.Any(pattern => pattern.StartsWith("**/", StringComparison.Ordinal)
                ? segments[..^1].Contains(pattern[3..].TrimEnd('/'))
                : segments.Length > 1 && segments[0] == pattern.TrimEnd('/')))
                continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
