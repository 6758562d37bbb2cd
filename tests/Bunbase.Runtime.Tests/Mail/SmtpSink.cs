using System.Diagnostics;
using System.Text.Json;
using Bunbase.Runtime.Tests.Infrastructure;
using MimeKit;

namespace Bunbase.Runtime.Tests.Mail;

/// <summary>
/// A real SMTP server on loopback (<c>tests/openapi-tools/smtp-sink.mjs</c>, the npm <c>smtp-server</c>) in a
/// process of its own: every message it accepts is kept as an <c>.eml</c> file with its envelope.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private SmtpSink(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts the server on <paramref name="port"/> (0: any free one); <paramref name="rejectRecipient"/> is answered 550.</summary>
    public static async Task<SmtpSink> StartAsync(int port = 0, string? rejectRecipient = null)
    {
        if (!File.Exists(Path.Combine(NodeTools.Directory, "node_modules", ".package-lock.json")))
            throw new InvalidOperationException($"{NodeTools.Directory} has no node_modules: run ./test.sh (it runs npm ci there).");
        var directory = Directory.CreateTempSubdirectory("bunbase-smtp-").FullName;
        var start = new ProcessStartInfo("node") { WorkingDirectory = NodeTools.Directory, RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "smtp-sink.mjs", directory, port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        if (rejectRecipient is not null)
        {
            start.ArgumentList.Add("--reject-recipient");
            start.ArgumentList.Add(rejectRecipient);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the SMTP sink exited: " + await process.StandardError.ReadToEndAsync(timeout.Token));
        return new SmtpSink(process, directory, int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The messages received so far, in order, with their envelope recipients.</summary>
    public IReadOnlyList<(MimeMessage Message, string[] Recipients)> Received() =>
        [.. Directory.EnumerateFiles(_directory, "*.json")
            .OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture))
            .Select(f => (MimeMessage.Load(Path.ChangeExtension(f, ".eml")), JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("to").EnumerateArray().Select(e => e.GetString()!).ToArray()))];

    /// <summary>Waits (bounded) until at least <paramref name="count"/> messages arrived.</summary>
    public async Task<IReadOnlyList<(MimeMessage Message, string[] Recipients)>> WaitForAsync(int count)
    {
        await Eventually.TrueAsync(() => Task.FromResult(Directory.EnumerateFiles(_directory, "*.json").Count() >= count), $"{count} message(s) at the SMTP server");
        return Received();
    }

    public async ValueTask DisposeAsync()
    {
        await NodeTools.StopAsync(_process);
        Directory.Delete(_directory, recursive: true);
    }
}
