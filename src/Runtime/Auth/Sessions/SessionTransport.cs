namespace Bunbase.Runtime.Auth.Sessions;

/// <summary>How a request carried its session.</summary>
internal enum SessionTransport
{
    None,
    Cookie,
    Bearer,
}
