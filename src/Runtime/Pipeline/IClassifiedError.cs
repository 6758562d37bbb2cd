namespace Bunbase.Runtime.Pipeline;

/// <summary>
/// An exception of the runtime that carries its own <see cref="ErrorClassification"/>: the problem
/// response, metrics, the run log and job retries all read it, so a new error type is classified
/// once, where it is declared. Types this folder cannot see are classified in <see cref="ErrorClassifier"/>.
/// </summary>
internal interface IClassifiedError
{
    ErrorClassification Classification { get; }
}
