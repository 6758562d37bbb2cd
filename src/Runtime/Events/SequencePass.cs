namespace Bunbase.Runtime.Events;

/// <summary>What one sequencer pass did: the highest position it gave (null: none) and how many events it numbered, or that another pass held the lock.</summary>
internal readonly record struct SequencePass(long? Highest, int Numbered, bool LockBusy);
