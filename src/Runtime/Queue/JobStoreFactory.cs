using Bunbase.Runtime.Data;

namespace Bunbase.Runtime.Queue;

/// <summary>The job store for a database, in its dialect: the one place the host and the <c>bunbase jobs</c> commands get it from.</summary>
internal static class JobStoreFactory
{
    public static IJobStore Create(Database database, TimeProvider clock) =>
        new SqlJobStore(database, JobStatements.For(database.Backend), clock);
}
