// What an id's random bits cost: Guid.CreateVersion7 (16 bytes from the kernel per id) against the same generator asked
// for 256 ids' bytes at a time (what Foundation/Uuid7 does). Run: dotnet run -c Release benchmarks/scripts/random-ids.cs
// Add `strace -f -c -e trace=read,getrandom` in front to see the system calls each makes.
using System.Diagnostics;
using System.Security.Cryptography;

const int Ids = 1_000_000;
var sink = 0;

var watch = Stopwatch.StartNew();
for (var i = 0; i < Ids; i++)
    sink ^= Guid.CreateVersion7().GetHashCode();
Console.WriteLine($"Guid.CreateVersion7:                 {watch.Elapsed.TotalMilliseconds * 1000 / Ids:F3} µs an id");

var buffer = new byte[16 * 256];
watch.Restart();
for (var i = 0; i < Ids / 256; i++)
{
    RandomNumberGenerator.Fill(buffer);
    sink ^= buffer[0];
}
Console.WriteLine($"RandomNumberGenerator, 256 ids a call: {watch.Elapsed.TotalMilliseconds * 1000 / Ids:F3} µs an id ({sink & 0})");
