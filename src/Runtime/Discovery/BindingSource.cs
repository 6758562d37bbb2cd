namespace Bunbase.Runtime.Discovery;

/// <summary>Where an input member's value comes from in an HTTP request.</summary>
internal enum BindingSource
{
    Body,
    Path,
    Query,
    Header,
    Cookie,
}
