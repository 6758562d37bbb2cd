namespace Bunbase.Cli.Benchmarking;

/// <summary>Renders a scenario's templates into a <see cref="RequestPool"/>, each template's share of the pool its share of the weights.</summary>
internal static class RequestPoolBuilder
{
    /// <summary>Entries of a pool whose templates draw random values: enough that ids vary, small enough to stay in cache.</summary>
    private const int RenderedEntries = 4096;

    public static RequestPool Build(ScenarioDefinition scenario, string host, KeyValuePair<string, string>? sessionHeader, int seed = 1)
    {
        var random = new Random(seed);
        var templates = scenario.Requests;
        var varies = templates.Any(t => TemplateText.HasPlaceholders(t.Path) || TemplateText.HasPlaceholders(t.Body) || t.Headers.Any(h => TemplateText.HasPlaceholders(h.Value)));
        var totalWeight = templates.Sum(t => t.Weight);
        // Fixed requests need one entry per unit of weight; varying ones many, in proportion.
        var size = varies ? RenderedEntries : totalWeight / templates.Select(t => t.Weight).Aggregate(Gcd);
        var order = new List<int>(size);
        for (var i = 0; i < templates.Count; i++)
        {
            var count = Math.Max(1, (int)Math.Round((double)templates[i].Weight * size / totalWeight));
            order.AddRange(Enumerable.Repeat(i, count));
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(order));
        var requests = new byte[order.Count][];
        var isHead = new bool[order.Count];
        var labels = new string[order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            var template = templates[order[i]];
            var headers = template.Headers.Select(h => new KeyValuePair<string, string>(h.Key, TemplateText.Render(h.Value, random, scenario.Ids))).ToList();
            if (sessionHeader is { } session)
                headers.Add(session);
            var body = template.Body is null ? null : TemplateText.Render(template.Body, random, scenario.Ids);
            requests[i] = RequestEncoder.Encode(template.Method, TemplateText.Render(template.Path, random, scenario.Ids), host, headers, body);
            isHead[i] = template.Method == "HEAD";
            labels[i] = template.Name;
        }

        return new RequestPool(requests, isHead, labels);
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
