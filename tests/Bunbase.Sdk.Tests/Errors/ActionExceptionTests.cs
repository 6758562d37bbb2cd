namespace Bunbase.Sdk.Tests.Errors;

public sealed class ActionExceptionTests
{
    public static TheoryData<ActionException, int, string> TypedErrors => new()
    {
        { new BadRequestException("bad_date", "Dates must be in the future."), 400, "bad_date" },
        { new UnauthorizedException(), 401, "unauthorized" },
        { new ForbiddenException(), 403, "forbidden" },
        { new NotFoundException(), 404, "not_found" },
        { new ConflictException("Taken."), 409, "conflict" },
        { new TooManyRequestsException(TimeSpan.FromSeconds(3)), 429, "too_many_requests" },
    };

    [Theory]
    [MemberData(nameof(TypedErrors))]
    public void Typed_errors_carry_their_status_and_code(ActionException error, int status, string code)
    {
        Assert.Equal(status, error.Status);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(399)]
    [InlineData(600)]
    public void A_status_outside_4xx_and_5xx_is_refused(int status)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ActionException(status, "code", "message"));
    }

    [Fact]
    public void A_blank_code_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ActionException(400, " ", "message"));
    }

    [Fact]
    public void Too_many_requests_keeps_its_retry_after()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), new TooManyRequestsException(TimeSpan.FromSeconds(3)).RetryAfter);
    }

    [Fact]
    public void Http_triggers_default_to_200_and_get_is_get()
    {
        var get = new GetAttribute("/x");
        var post = new PostAttribute("/x") { Status = 201 };

        Assert.Equal(("GET", 200), (get.Method, get.Status));
        Assert.Equal(("POST", 201), (post.Method, post.Status));
    }
}
