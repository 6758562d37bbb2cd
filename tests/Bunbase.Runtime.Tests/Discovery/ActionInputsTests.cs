using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Foundation;
using static Bunbase.Runtime.Tests.Discovery.InputSamples;

namespace Bunbase.Runtime.Tests.Discovery;

public sealed class ActionInputsTests
{
    [Fact]
    public void An_input_that_names_its_action_maps_to_it()
    {
        var catalog = Discover(typeof(Find), typeof(FindInput), typeof(Job), typeof(JobInput), typeof(PlainOne), typeof(PlainTwo), typeof(PlainInput));

        Assert.Equal("find", catalog.ByInputType[typeof(FindInput)].Name);
        Assert.Equal("job", catalog.ByInputType[typeof(JobInput)].Name);
        Assert.False(catalog.ByInputType.ContainsKey(typeof(PlainInput)));
    }

    [Fact]
    public void Two_actions_taking_one_named_input_stop_start_up_naming_the_input_and_both_actions()
    {
        var error = DiscoverFails(typeof(Find), typeof(FindAgain), typeof(FindInput));

        Assert.Contains("InputSamples.FindInput implements IActionInput and is the input of more than one action", error, StringComparison.Ordinal);
        Assert.Contains("InputSamples.Find (", error, StringComparison.Ordinal);
        Assert.Contains("InputSamples.FindAgain (", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_declaring_another_output_than_its_action_s_stops_start_up()
    {
        var error = DiscoverFails(typeof(WrongOutput), typeof(WrongOutputInput));

        Assert.Contains(
            "InputSamples.WrongOutputInput declares IActionInput<Bunbase.Runtime.Tests.Discovery.InputSamples.Other> but its action "
            + "Bunbase.Runtime.Tests.Discovery.InputSamples.WrongOutput",
            error,
            StringComparison.Ordinal);
        Assert.Contains("answers Bunbase.Runtime.Tests.Discovery.InputSamples.Widget", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_input_no_action_takes_stops_start_up()
    {
        var error = DiscoverFails(typeof(Find), typeof(FindInput), typeof(OrphanInput));

        Assert.Contains("Bunbase.Runtime.Tests.Discovery.InputSamples.OrphanInput implements IActionInput but no action takes it as its input", error, StringComparison.Ordinal);
        Assert.DoesNotContain("FindInput", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_no_content_output_answers_204_without_a_body_unless_another_status_is_set()
    {
        var catalog = Discover(typeof(Quiet), typeof(Accepted), typeof(PlainInput), typeof(JobInput));

        var quiet = catalog.ByName["quiet"].Http!;
        Assert.Equal(204, quiet.SuccessStatus);
        Assert.False(quiet.HasResponseBody);
        var accepted = catalog.ByName["accepted"].Http!;
        Assert.Equal(202, accepted.SuccessStatus);
        Assert.False(accepted.HasResponseBody);
    }

    private static ActionCatalog Discover(params Type[] types) => ActionDiscovery.Discover(types);

    private static string DiscoverFails(params Type[] types) =>
        Assert.Throws<StartupException>(() => Discover(types)).Message;
}
