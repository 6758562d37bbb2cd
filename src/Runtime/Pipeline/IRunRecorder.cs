namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// Where the pipeline records each finished invocation (the run log, <c>ActionLog/ActionRunLog</c>):
/// declared here so the pipeline does not depend on the folder that stores runs.
/// </summary>
internal interface IRunRecorder
{
    /// <summary>Whether runs are recorded at all.</summary>
    bool Enabled { get; }

    /// <summary>Starts timing an invocation.</summary>
    RunStart Start();

    /// <summary>Adds the record of a finished invocation; never waits.</summary>
    void Add(Invocation invocation, RunStart start, object? input, object? output, Exception? error, ErrorClassification? classification);
}
