using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bunbase.Runtime.Tests.Infrastructure;

/// <summary>A logger provider keeping every record at Warning or above, whatever its category (add it as an <see cref="ILoggerProvider"/> service).</summary>
public sealed class WarningLog : ILoggerProvider, ILogger
{
    public ConcurrentQueue<string> Records { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
            Records.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }

    public void Dispose()
    {
    }
}
