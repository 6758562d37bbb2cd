using System.Globalization;
using System.Text;

namespace Bunbase.Runtime.Clients;

/// <summary>
/// Writes <c>react.ts</c>: TanStack Query hooks over the client (peer dependency <c>@tanstack/react-query</c> 5):
/// a query hook per GET action, a mutation hook per other action, and the query keys they use.
/// </summary>
internal static class TypeScriptReactWriter
{
    public static string Write(ClientModel model)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"// TanStack Query hooks for {model.AppName}, generated from its actions by `bunbase client typescript --react`. Do not edit: regenerate.\n\n");
        text.Append("import { useMutation, useQuery, type UseMutationOptions, type UseQueryOptions } from \"@tanstack/react-query\";\n");
        var imported = model.Operations
            .SelectMany(o => (o.HasInput ? [model.Named(o.InputType).Name] : Array.Empty<string>()).Concat(o.ResultType is { } r && Names(model, r) is { } n ? n : []))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        text.Append(CultureInfo.InvariantCulture, $"import type {{ {string.Join(", ", new[] { "BunbaseClient", "BunbaseError" }.Concat(imported))} }} from \"./client.js\";\n\n");
        text.Append("/** Options of a query hook, without the key and function the hook sets. */\n");
        text.Append("export type QueryOptions<T> = Omit<UseQueryOptions<T, BunbaseError, T>, \"queryKey\" | \"queryFn\">;\n\n");
        text.Append("/** Options of a mutation hook, without the function the hook sets. */\n");
        text.Append("export type MutationOptions<T, I> = Omit<UseMutationOptions<T, BunbaseError, I>, \"mutationFn\">;\n\n");

        var queries = model.Operations.Where(o => o.Method == "GET").ToList();
        text.Append("/** The query keys of the GET actions: `[action]` matches every call of an action (for invalidation), `[action, input]` one call. */\n");
        text.Append("export const queryKeys = {\n");
        foreach (var query in queries)
        {
            var action = CodeText.Quote(query.Action.Name);
            text.Append(query.HasInput
                ? $"  {query.FunctionName}: (input?: {model.Named(query.InputType).Name}) => (input === undefined ? ([{action}] as const) : ([{action}, input] as const)),\n"
                : $"  {query.FunctionName}: () => [{action}] as const,\n");
        }

        text.Append("};\n\n");
        text.Append("/** The hooks, bound to a client: `const api = createHooks(client)`, then `api.useListTasks({ limit: 10 })` in a component. */\n");
        text.Append("export function createHooks(client: BunbaseClient) {\n  return {\n");
        foreach (var operation in model.Operations)
        {
            var result = operation.ResultType is null ? "void" : TypeScriptClientWriter.TypeOf(model, operation.ResultType);
            var hook = "use" + operation.PascalName;
            var description = operation.Action.Description is { } d ? CodeText.JsDoc(CodeText.Sentence(d)) + " " : "";
            text.Append(CultureInfo.InvariantCulture, $"    /** {description}`{operation.Method} {CodeText.JsDoc(operation.Route)}` */\n");
            if (operation.Method == "GET")
            {
                if (operation.HasInput)
                {
                    var inputType = model.Named(operation.InputType).Name;
                    var parameter = operation.Parameters.Any(p => p.Member.IsRequired) ? $"input: {inputType}" : $"input: {inputType} = {{}}";
                    text.Append(CultureInfo.InvariantCulture, $"    {hook}({parameter}, options?: QueryOptions<{result}>) {{\n");
                    text.Append(CultureInfo.InvariantCulture, $"      return useQuery({{ ...options, queryKey: queryKeys.{operation.FunctionName}(input), queryFn: ({{ signal }}) => client.{operation.FunctionName}(input, {{ signal }}) }});\n");
                }
                else
                {
                    text.Append(CultureInfo.InvariantCulture, $"    {hook}(options?: QueryOptions<{result}>) {{\n");
                    text.Append(CultureInfo.InvariantCulture, $"      return useQuery({{ ...options, queryKey: queryKeys.{operation.FunctionName}(), queryFn: ({{ signal }}) => client.{operation.FunctionName}({{ signal }}) }});\n");
                }
            }
            else if (operation.HasInput)
            {
                var inputType = model.Named(operation.InputType).Name;
                text.Append(CultureInfo.InvariantCulture, $"    {hook}(options?: MutationOptions<{result}, {inputType}>) {{\n");
                text.Append(CultureInfo.InvariantCulture, $"      return useMutation({{ ...options, mutationFn: (input: {inputType}) => client.{operation.FunctionName}(input) }});\n");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"    {hook}(options?: MutationOptions<{result}, void>) {{\n");
                text.Append(CultureInfo.InvariantCulture, $"      return useMutation({{ ...options, mutationFn: () => client.{operation.FunctionName}() }});\n");
            }

            text.Append("    },\n");
        }

        text.Append("  };\n}\n");
        return text.ToString();
    }

    /// <summary>The named types a result type mentions (the element of a list, the value of a dictionary).</summary>
    private static IEnumerable<string>? Names(ClientModel model, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return WireTypes.Kind(type) switch
        {
            WireKind.Enum or WireKind.Object => [model.Named(type).Name],
            WireKind.Array => Names(model, WireTypes.ElementType(type)),
            WireKind.Dictionary => Names(model, WireTypes.DictionaryValueType(type)!),
            _ => null,
        };
    }
}
