namespace Bunbase;

/// <summary>
/// An error an action raises on purpose. The runtime answers with its <see cref="Status"/> as an
/// RFC 9457 problem response carrying <see cref="Code"/> and the message.
/// </summary>
public class ActionException : Exception
{
    /// <summary>Creates an error with an explicit HTTP status.</summary>
    /// <param name="status">A 4xx or 5xx HTTP status.</param>
    /// <param name="code">A stable, machine-readable code such as <c>task_not_found</c>.</param>
    /// <param name="message">A message safe to show to the caller.</param>
    public ActionException(int status, string code, string message)
        : base(message)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Status = status;
        Code = code;
    }

    /// <summary>The HTTP status of the response.</summary>
    public int Status { get; }

    /// <summary>A stable, machine-readable error code.</summary>
    public string Code { get; }
}

/// <summary>400: the request is understood but not acceptable.</summary>
/// <param name="code">A stable, machine-readable code.</param>
/// <param name="message">A message safe to show to the caller.</param>
public class BadRequestException(string code, string message) : ActionException(400, code, message);

/// <summary>401: the caller is not authenticated.</summary>
/// <param name="message">A message safe to show to the caller.</param>
/// <param name="code">A stable, machine-readable code.</param>
public class UnauthorizedException(string message = "Authentication is required.", string code = "unauthorized")
    : ActionException(401, code, message);

/// <summary>403: the caller is authenticated but not allowed.</summary>
/// <param name="message">A message safe to show to the caller.</param>
/// <param name="code">A stable, machine-readable code.</param>
public class ForbiddenException(string message = "You are not allowed to do this.", string code = "forbidden")
    : ActionException(403, code, message);

/// <summary>404: the thing asked for does not exist.</summary>
/// <param name="message">A message safe to show to the caller.</param>
/// <param name="code">A stable, machine-readable code.</param>
public class NotFoundException(string message = "Not found.", string code = "not_found")
    : ActionException(404, code, message);

/// <summary>409: the request conflicts with the current state.</summary>
/// <param name="message">A message safe to show to the caller.</param>
/// <param name="code">A stable, machine-readable code.</param>
public class ConflictException(string message, string code = "conflict")
    : ActionException(409, code, message);

/// <summary>429: the caller must slow down; answered with <c>Retry-After</c>.</summary>
/// <param name="retryAfter">How long the caller should wait.</param>
/// <param name="message">A message safe to show to the caller.</param>
/// <param name="code">A stable, machine-readable code.</param>
public class TooManyRequestsException(TimeSpan retryAfter, string message = "Too many requests.", string code = "too_many_requests")
    : ActionException(429, code, message)
{
    /// <summary>How long the caller should wait before trying again.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
