using System.Globalization;
using Bunbase.Runtime.Realtime;
using Microsoft.AspNetCore.Http;

namespace Bunbase.Runtime.Studio;

/// <summary>Realtime: this instance's open connections and their channels, and the presence of those channels (shared by every instance).</summary>
internal sealed class ChannelsPage(RealtimeConnections? connections, IPresenceStore? presence)
{
    /// <summary>At most this many channels have their presence read for one page.</summary>
    private const int PresenceChannels = 50;

    public async Task RenderAsync(HttpContext http)
    {
        var body = new Html();
        if (connections is null)
        {
            body.Raw("<p class=\"hint\">Realtime is off (<code>realtime.enabled</code>).</p>");
            await StudioLayout.WriteAsync(http, "Channels", "/channels", body).ConfigureAwait(false);
            return;
        }

        var open = connections.All.Where(c => !c.IsClosed).OrderBy(c => c.Id, StringComparer.Ordinal).Take(500).ToList();
        body.Raw("<p>Open connections on this instance: <strong class=\"connections\">").Text(connections.Count.ToString(CultureInfo.InvariantCulture)).Raw("</strong></p>");
        body.Raw("<section><h2>Connections</h2><div class=\"scroll\"><table><thead><tr><th>Connection</th><th>Transport</th><th>User</th><th>Channels</th><th>Queued</th></tr></thead><tbody>");
        foreach (var connection in open)
        {
            body.Raw("<tr><td><code>").Text(connection.Id).Raw("</code></td><td>").Text(connection.Transport).Raw("</td><td>").Text(connection.Caller?.User?.Id ?? "anonymous")
                .Raw("</td><td>").Text(string.Join(", ", connection.Subscribers().Select(s => s.Channel))).Raw("</td><td>").Text(connection.Queued.ToString(CultureInfo.InvariantCulture)).Raw("</td></tr>");
        }

        body.Raw("</tbody></table></div>");
        if (open.Count == 0)
            body.Raw("<p class=\"hint\">No open connections.</p>");
        body.Raw("</section>");

        var channels = open.SelectMany(c => c.Subscribers().Select(s => s.Channel)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(PresenceChannels).ToList();
        body.Raw("<section><h2>Presence</h2><table><thead><tr><th>Channel</th><th>Members (all instances)</th></tr></thead><tbody>");
        foreach (var channel in channels)
        {
            var members = presence is null ? [] : await presence.MembersAsync(channel, http.RequestAborted).ConfigureAwait(false);
            body.Raw("<tr><td>").Text(channel).Raw("</td><td>").Text(members.Count == 0 ? "—" : string.Join(", ", members.Select(m => m.UserId ?? "anonymous").Distinct(StringComparer.Ordinal)))
                .Raw($" ({members.Count.ToString(CultureInfo.InvariantCulture)})</td></tr>");
        }

        if (channels.Count == 0)
            body.Raw("<tr><td colspan=\"2\">No channel has a subscriber here.</td></tr>");
        body.Raw("</tbody></table></section>");
        await StudioLayout.WriteAsync(http, "Channels", "/channels", body).ConfigureAwait(false);
    }
}
