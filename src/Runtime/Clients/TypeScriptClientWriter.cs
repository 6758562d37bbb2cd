using System.Globalization;
using System.Text;
using Bunbase.Runtime.Discovery;

namespace Bunbase.Runtime.Clients;

/// <summary>
/// Writes <c>client.ts</c>: an interface or string union per type, and a <c>BunbaseClient</c> class with one
/// method per action that places each input member where the action binds it. Fetch-based, ESM, no dependency.
/// </summary>
internal static class TypeScriptClientWriter
{
    public static string Write(ClientModel model)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"// The typed client of {model.AppName}, generated from its actions by `bunbase client typescript`. Do not edit: regenerate.\n\n");
        foreach (var type in model.Types)
            WriteType(text, model, type);
        text.Append(TypeScriptRuntime.Text.ReplaceLineEndings("\n"));
        foreach (var operation in model.Operations)
            WriteMethod(text, model, operation);
        text.Append("}\n\n");

        text.Append("/** The client, with `options`. */\n");
        text.Append("export function createClient(options: ClientOptions = {}): BunbaseClient {\n  return new BunbaseClient(options);\n}\n\n");
        text.Append("/** Every operation: the action's name, its method and route. */\n");
        text.Append("export const operations = {\n");
        foreach (var operation in model.Operations)
            text.Append(CultureInfo.InvariantCulture, $"  {operation.FunctionName}: {{ action: {CodeText.Quote(operation.Action.Name)}, method: {CodeText.Quote(operation.Method)}, route: {CodeText.Quote(operation.Route)} }},\n");
        text.Append("} as const;\n");
        return text.ToString();
    }

    /// <summary>The TypeScript type of a CLR type as the JSON contract writes it.</summary>
    public static string TypeOf(ClientModel model, Type type, bool nullable = false)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        nullable |= underlying is not null;
        type = underlying ?? type;
        var name = WireTypes.Kind(type) switch
        {
            WireKind.String or WireKind.Bytes => "string",
            WireKind.Number => "number",
            WireKind.Boolean => "boolean",
            WireKind.Any => "unknown",
            WireKind.Array => Element(TypeOf(model, WireTypes.ElementType(type))) + "[]",
            WireKind.Dictionary => $"Record<string, {TypeOf(model, WireTypes.DictionaryValueType(type)!)}>",
            _ => model.Named(type).Name,
        };
        return nullable && name != "unknown" ? name + " | null" : name;
    }

    private static string Element(string type) => type.Contains('|', StringComparison.Ordinal) ? $"({type})" : type;

    private static string Key(string name) => CodeText.IsIdentifier(name) ? name : CodeText.Quote(name);

    private static string Access(string target, string name) => CodeText.IsIdentifier(name) ? $"{target}.{name}" : $"{target}[{CodeText.Quote(name)}]";

    private static void WriteType(StringBuilder text, ClientModel model, ClientType type)
    {
        if (type.IsEnum)
        {
            text.Append(CultureInfo.InvariantCulture, $"export type {type.Name} = {string.Join(" | ", type.EnumNames.Select(CodeText.Quote).DefaultIfEmpty("never"))};\n\n");
            return;
        }

        text.Append(CultureInfo.InvariantCulture, $"export interface {type.Name} {{\n");
        foreach (var member in type.Members)
        {
            if (member.ResponseHeader is not null)
                text.Append(CultureInfo.InvariantCulture, $"  /** From the `{CodeText.JsDoc(member.ResponseHeader)}` response header. */\n");
            var optional = member.IsRequired || member.ResponseHeader is not null ? "" : "?";
            text.Append(CultureInfo.InvariantCulture, $"  {Key(member.JsonName)}{optional}: {TypeOf(model, member.Type, member.IsNullable)};\n");
        }

        text.Append("}\n\n");
    }

    private static void WriteMethod(StringBuilder text, ClientModel model, ClientOperation operation)
    {
        var summary = operation.Action.Description is { } description ? CodeText.JsDoc(CodeText.Sentence(description)) + " " : "";
        var session = operation.RequiresSession ? " Needs a session." : "";
        text.Append(CultureInfo.InvariantCulture, $"  /** {summary}`{operation.Method} {CodeText.JsDoc(operation.Route)}`, {operation.SuccessStatus}.{session} */\n");
        var result = operation.ResultType is null ? "void" : TypeOf(model, operation.ResultType);
        var input = "";
        if (operation.HasInput)
        {
            var inputType = model.Named(operation.InputType).Name;
            input = operation.Parameters.Any(p => p.Member.IsRequired) ? $"input: {inputType}, " : $"input: {inputType} = {{}}, ";
        }

        text.Append(CultureInfo.InvariantCulture, $"  async {operation.FunctionName}({input}options?: CallOptions): Promise<{result}> {{\n");
        var spec = Spec(operation);
        if (operation.ResultType is null)
            text.Append(CultureInfo.InvariantCulture, $"    return this.none({spec}, options);\n");
        else if (operation.ResultHeaders.IsEmpty)
            text.Append(CultureInfo.InvariantCulture, $"    return this.json<{result}>({spec}, options);\n");
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"    const response = await this.send({spec}, options);\n");
            text.Append(CultureInfo.InvariantCulture, $"    const result = (await response.json()) as {result};\n");
            foreach (var header in operation.ResultHeaders)
                text.Append(CultureInfo.InvariantCulture, $"    {Access("result", header.JsonName)} = {HeaderValue(model, header)};\n");
            text.Append("    return result;\n");
        }

        text.Append("  }\n\n");
    }

    private static string HeaderValue(ClientModel model, ClientMember header)
    {
        var read = $"response.headers.get({CodeText.Quote(header.ResponseHeader!)})";
        var missing = header.IsNullable ? "null" : WireTypes.Kind(header.Type) switch
        {
            WireKind.Number => "0",
            WireKind.Boolean => "false",
            _ => "\"\"",
        };
        return WireTypes.Kind(header.Type) switch
        {
            WireKind.Number => $"((text) => (text === null ? {missing} : Number(text)))({read})",
            WireKind.Boolean => $"((text) => (text === null ? {missing} : text === \"true\"))({read})",
            WireKind.String => $"{read} ?? {missing}",
            _ => $"({read} ?? {missing}) as {TypeOf(model, header.Type, header.IsNullable)}",
        };
    }

    private static string Spec(ClientOperation operation)
    {
        var parts = new List<string> { $"method: {CodeText.Quote(operation.Method)}", $"route: {CodeText.Quote(operation.Route)}" };
        foreach (var (source, key) in new[] { (BindingSource.Path, "path"), (BindingSource.Query, "query"), (BindingSource.Header, "headers"), (BindingSource.Cookie, "cookies"), (BindingSource.Body, "body") })
        {
            var members = operation.Parameters.Where(p => p.Source == source).ToList();
            if (members.Count == 0)
                continue;
            var name = (ClientParameter p) => source == BindingSource.Body ? p.Member.JsonName : p.RequestName;
            parts.Add($"{key}: {{ {string.Join(", ", members.Select(p => $"{CodeText.Quote(name(p))}: {Access("input", p.Member.JsonName)}"))} }}");
        }

        return "{ " + string.Join(", ", parts) + " }";
    }
}
