using MimeKit;

namespace Bunbase.Runtime.Mail;

/// <summary>Development: each message becomes an <c>.eml</c> file (open it in any mail client), named by time and order of writing.</summary>
internal sealed class FileMailTransport(string directory, TimeProvider clock) : IMailTransport
{
    private long _written;

    public string Description => $"files in {directory}";

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var name = $"{clock.GetUtcNow():yyyyMMdd-HHmmss-fff}-{Interlocked.Increment(ref _written):D6}-{Guid.NewGuid():N}.eml";
        var path = Path.Combine(directory, name);
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, cancellationToken).ConfigureAwait(false);
        // Renamed when complete, so a reader never sees half a message.
        File.Move(temporary, path);
    }
}
