namespace Bunbase.Runtime.Webhooks;

/// <summary>An endpoint's host resolved only to addresses deliveries may not go to (<see cref="AddressPolicy"/>).</summary>
internal sealed class AddressRefusedException(string host) : Exception(
    $"{host} resolves only to loopback, private or other non-public addresses; set webhooks.allowPrivateAddresses to deliver there");
