using Bunbase.Runtime.Clients;
using Bunbase.Runtime.Discovery;
using Bunbase.Runtime.Tests.OpenApi;
using Orders = Bunbase.Runtime.Tests.Clients.Samples.Orders;
using Billing = Bunbase.Runtime.Tests.Clients.Samples.Billing;

namespace Bunbase.Runtime.Tests.Clients;

public sealed class ClientModelTests
{
    [Fact]
    public void Type_names_lose_their_dots()
    {
        var model = ClientModel.Build(ActionDiscovery.Discover(Apps.Example), TypeScriptRuntime.Reserved);

        var names = model.Types.Select(t => t.Name).ToList();
        Assert.Contains("ListTasksOutput", names);
        Assert.Contains("EchoPayload", names);
        Assert.Contains("TaskItem", names);
        Assert.All(names, n => Assert.True(CodeText.IsIdentifier(n), n));
    }

    [Fact]
    public void Colliding_names_are_numbered_in_full_name_order_whatever_the_discovery_order()
    {
        foreach (var types in new[] { new[] { typeof(Orders.Place), typeof(Billing.Place) }, [typeof(Billing.Place), typeof(Orders.Place)] })
        {
            var model = ClientModel.Build(ActionDiscovery.Discover(types), TypeScriptRuntime.Reserved);

            Assert.Equal("PlaceInput", model.Named(typeof(Billing.Place.Input)).Name);
            Assert.Equal("PlaceInput2", model.Named(typeof(Orders.Place.Input)).Name);
            Assert.Equal("PlaceOutput", model.Named(typeof(Billing.Place.Output)).Name);
            Assert.Equal("PlaceOutput2", model.Named(typeof(Orders.Place.Output)).Name);
        }
    }

    [Fact]
    public void A_type_named_like_the_clients_own_is_numbered()
    {
        var model = ClientModel.Build(ActionDiscovery.Discover([typeof(Billing.Place)]), TypeScriptRuntime.Reserved);

        Assert.Equal("BunbaseError2", model.Named(typeof(Billing.BunbaseError)).Name);
        Assert.Contains("export interface BunbaseError2 {", TypeScriptClientWriter.Write(model), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_member_is_sent_where_the_action_binds_it()
    {
        var model = ClientModel.Build(ActionDiscovery.Discover([typeof(Orders.Place)]), TypeScriptRuntime.Reserved);

        var parameters = model.Operations.Single().Parameters.ToDictionary(p => p.Member.JsonName, p => (p.Source, p.RequestName));
        Assert.Equal((BindingSource.Path, "id"), parameters["id"]);
        Assert.Equal((BindingSource.Query, "dry-run"), parameters["dryRun"]);
        Assert.Equal((BindingSource.Header, "X-Tenant"), parameters["tenant"]);
        Assert.Equal((BindingSource.Cookie, "pref"), parameters["preference"]);
        Assert.Equal((BindingSource.Body, "note"), parameters["note"]);
        var client = TypeScriptClientWriter.Write(model);
        Assert.Contains("""path: { "id": input.id }, query: { "dry-run": input.dryRun }, headers: { "X-Tenant": input.tenant }, cookies: { "pref": input.preference }, body: { "note": input.note }""", client, StringComparison.Ordinal);
        Assert.Contains("""result.location = response.headers.get("Location") ?? "";""", client, StringComparison.Ordinal);
    }

    [Fact]
    public void The_csharp_client_sends_only_body_members_in_the_body_and_reads_header_members_from_headers()
    {
        var model = ClientModel.Build(ActionDiscovery.Discover([typeof(Orders.Place)]), CSharpRuntime.Reserved);

        var client = CSharpClientWriter.Write(model, "Orders.Client")["BunbaseClient.cs"];

        Assert.Contains("""request.Path("id", BunbaseText.Of(input.Id));""", client, StringComparison.Ordinal);
        Assert.Contains("""request.Query("dry-run", BunbaseText.Of(input.DryRun));""", client, StringComparison.Ordinal);
        Assert.Contains("""request.Header("X-Tenant", input.Tenant is { } value3 ? BunbaseText.Of(value3) : null);""", client, StringComparison.Ordinal);
        Assert.Contains("""request.Cookie("pref", input.Preference is { } value4 ? BunbaseText.Of(value4) : null);""", client, StringComparison.Ordinal);
        Assert.Contains("""Write(writer, "note", input.Note);""", client, StringComparison.Ordinal);
        Assert.DoesNotContain("""Write(writer, "id",""", client, StringComparison.Ordinal);
        Assert.Contains("""result.Location = HeaderText(response, "Location") ?? "";""", client, StringComparison.Ordinal);
    }
}
