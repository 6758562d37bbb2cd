namespace Bunbase;

/// <summary>Marker for <see cref="ActionGuard"/> and <see cref="InputGuard{TInput}"/>; not meant to be implemented directly.</summary>
public interface IActionGuard;
