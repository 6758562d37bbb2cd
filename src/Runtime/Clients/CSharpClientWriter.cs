using System.Globalization;
using System.Text;
using Bunbase.Runtime.Discovery;

namespace Bunbase.Runtime.Clients;

/// <summary>
/// Writes the C# client: the models (records, string-valued enums), a <c>JsonSerializerContext</c> for
/// System.Text.Json source generation, the problem exception, and a <c>BunbaseClient</c> over an
/// <c>HttpClient</c> with one <c>…Async</c> method per action.
/// </summary>
internal static class CSharpClientWriter
{
    private const string Json = "global::System.Text.Json";
    private const string Serialization = "global::System.Text.Json.Serialization";
    private const string Generic = "global::System.Collections.Generic";

    /// <summary>The C# reserved keywords (an identifier spelled as one needs '@'; a namespace cannot hold one). Contextual keywords, such as <c>var</c>, are not among them.</summary>
    public static readonly IReadOnlySet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue", "decimal", "default",
        "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto",
        "if", "implicit", "in", "int", "interface", "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out",
        "override", "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc",
        "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>The files, by name; the JSON context is named after the namespace (<c>BunbaseAppClientJsonContext</c>).</summary>
    public static IReadOnlyDictionary<string, string> Write(ClientModel model, string ns)
    {
        var header = (CSharpRuntime.Header + "\n").ReplaceLineEndings("\n").Replace("APP", model.AppName, StringComparison.Ordinal).Replace("NAMESPACE", ns, StringComparison.Ordinal);
        // The source generator names its files after the context and the type: two clients in one project need two context names.
        var context = ClientModel.Identifier(ns, upperFirst: true) + "JsonContext";
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BunbaseClient.cs"] = header + Client(model, ns),
            ["Models.cs"] = header + Models(model, ns),
            ["BunbaseJsonContext.cs"] = header + Context(model, ns),
            ["BunbaseProblemException.cs"] = header + CSharpRuntime.Problem.ReplaceLineEndings("\n"),
            ["BunbaseRequest.cs"] = header + CSharpRuntime.Request.ReplaceLineEndings("\n") + EnumTexts(model, ns),
        };
        return files.ToDictionary(f => f.Key == "BunbaseJsonContext.cs" ? context + ".cs" : f.Key, f => f.Value.Replace("BunbaseJsonContext", context, StringComparison.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>The C# type of a CLR type as the client declares it (<paramref name="nullable"/>: with <c>?</c>).</summary>
    private static string TypeOf(ClientModel model, string ns, Type type, bool nullable = false)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        nullable |= underlying is not null;
        type = underlying ?? type;
        var name = WireTypes.Kind(type) switch
        {
            WireKind.Bytes => "byte[]",
            WireKind.Any => $"{Json}.JsonElement",
            WireKind.Array => $"{Generic}.IReadOnlyList<{TypeOf(model, ns, WireTypes.ElementType(type))}>",
            WireKind.Dictionary => $"{Generic}.IReadOnlyDictionary<string, {TypeOf(model, ns, WireTypes.DictionaryValueType(type)!)}>",
            WireKind.Enum or WireKind.Object => $"global::{ns}.{model.Named(type).Name}",
            _ => Scalar(type),
        };
        return nullable ? name + "?" : name;
    }

    private static string Scalar(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.String => "string",
        TypeCode.Boolean => "bool",
        TypeCode.Char => "char",
        TypeCode.Byte => "byte",
        TypeCode.SByte => "sbyte",
        TypeCode.Int16 => "short",
        TypeCode.UInt16 => "ushort",
        TypeCode.Int32 => "int",
        TypeCode.UInt32 => "uint",
        TypeCode.Int64 => "long",
        TypeCode.UInt64 => "ulong",
        TypeCode.Single => "float",
        TypeCode.Double => "double",
        TypeCode.Decimal => "decimal",
        _ => "global::" + type.FullName,
    };

    /// <summary>A member is declared nullable when it may be null or absent (the app then applies its default).</summary>
    private static bool DeclaredNullable(ClientMember member) => member.IsNullable || (!member.IsRequired && member.ResponseHeader is null);

    private static string PropertyName(ClientType owner, ClientMember member)
    {
        var name = member.ClrName == owner.Name ? member.ClrName + "Value" : member.ClrName;
        return Keywords.Contains(name) ? "@" + name : name;
    }

    private static string Models(ClientModel model, string ns)
    {
        var text = new StringBuilder();
        foreach (var type in model.Types)
        {
            if (type.IsEnum)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{Serialization}.JsonConverter(typeof({Serialization}.JsonStringEnumConverter<{type.Name}>))]\n");
                text.Append(CultureInfo.InvariantCulture, $"public enum {type.Name}\n{{\n");
                var fields = type.Type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static);
                for (var i = 0; i < fields.Length; i++)
                    text.Append(CultureInfo.InvariantCulture, $"    [{Serialization}.JsonStringEnumMemberName({CodeText.Quote(type.EnumNames[i])})]\n    {(Keywords.Contains(fields[i].Name) ? "@" : "")}{fields[i].Name},\n");
                text.Append("}\n\n");
                continue;
            }

            text.Append(CultureInfo.InvariantCulture, $"public sealed record {type.Name}\n{{\n");
            var first = true;
            foreach (var member in type.Members)
            {
                if (!first)
                    text.Append('\n');
                first = false;
                var property = PropertyName(type, member);
                var declared = TypeOf(model, ns, member.Type, DeclaredNullable(member));
                if (member.ResponseHeader is { } responseHeader)
                {
                    text.Append(CultureInfo.InvariantCulture, $"    /// <summary>From the <c>{CodeText.XmlDoc(responseHeader)}</c> response header.</summary>\n");
                    text.Append(CultureInfo.InvariantCulture, $"    [{Serialization}.JsonIgnore]\n");
                    var initial = declared.EndsWith('?') || member.Type.IsValueType ? "" : " = default!;";
                    text.Append(CultureInfo.InvariantCulture, $"    public {declared} {property} {{ get; set; }}{initial}\n");
                    continue;
                }

                text.Append(CultureInfo.InvariantCulture, $"    [{Serialization}.JsonPropertyName({CodeText.Quote(member.JsonName)})]\n");
                if (member.IsRequired && member.IsNullable)
                    text.Append(CultureInfo.InvariantCulture, $"    [{Serialization}.JsonIgnore(Condition = {Serialization}.JsonIgnoreCondition.Never)]\n");
                text.Append(CultureInfo.InvariantCulture, $"    public {(member.IsRequired ? "required " : "")}{declared} {property} {{ get; init; }}\n");
            }

            text.Append("}\n\n");
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    private static string Context(ClientModel model, string ns)
    {
        var types = new SortedSet<string>(StringComparer.Ordinal) { "global::" + ns + ".BunbaseProblemDetails" };
        foreach (var type in model.Types)
            types.Add($"global::{ns}.{type.Name}");
        foreach (var operation in model.Operations)
        {
            if (operation.ResultType is { } result)
                types.Add(TypeOf(model, ns, result).TrimEnd('?'));
        }

        var text = new StringBuilder();
        text.Append("/// <summary>System.Text.Json source generation for the client's types, with the app's JSON contract (camelCase, enums by name).</summary>\n");
        text.Append(CultureInfo.InvariantCulture, $"[{Serialization}.JsonSourceGenerationOptions({Json}.JsonSerializerDefaults.Web, DefaultIgnoreCondition = {Serialization}.JsonIgnoreCondition.WhenWritingNull)]\n");
        foreach (var type in types)
            text.Append(CultureInfo.InvariantCulture, $"[{Serialization}.JsonSerializable(typeof({type}))]\n");
        text.Append(CultureInfo.InvariantCulture, $"public sealed partial class BunbaseJsonContext : {Serialization}.JsonSerializerContext\n{{\n}}\n");
        return text.ToString();
    }

    private static string EnumTexts(ClientModel model, string ns)
    {
        var enums = model.Types.Where(t => t.IsEnum).ToList();
        if (enums.Count == 0)
            return "";
        var text = new StringBuilder("internal static partial class BunbaseText\n{\n");
        foreach (var type in enums)
        {
            var fields = type.Type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static);
            text.Append(CultureInfo.InvariantCulture, $"    public static string Of(global::{ns}.{type.Name} value) => value switch\n    {{\n");
            for (var i = 0; i < fields.Length; i++)
                text.Append(CultureInfo.InvariantCulture, $"        global::{ns}.{type.Name}.{(Keywords.Contains(fields[i].Name) ? "@" : "")}{fields[i].Name} => {CodeText.Quote(type.EnumNames[i])},\n");
            text.Append("        _ => value.ToString(),\n    };\n\n");
        }

        return text.ToString().TrimEnd('\n') + "\n}\n";
    }

    private static string Client(ClientModel model, string ns)
    {
        var text = new StringBuilder();
        text.Append(string.Create(CultureInfo.InvariantCulture, $$"""
            /// <summary>Calls the actions of {{CodeText.XmlDoc(model.AppName)}}: one method per action.</summary>
            /// <remarks>
            /// Sessions: set <see cref="Token"/> to the token a sign-in returns (sent as <c>Authorization: Bearer</c>; renewals replace it), or give the
            /// <see cref="global::System.Net.Http.HttpClient"/> a handler with a cookie container (the app then also needs an <c>Origin</c> header
            /// it accepts on calls that change state). Every failure is a <see cref="BunbaseProblemException"/>.
            /// </remarks>
            public sealed partial class BunbaseClient
            {
                private readonly global::System.Net.Http.HttpClient _http;

                /// <summary>Creates the client over an <see cref="global::System.Net.Http.HttpClient"/> whose <c>BaseAddress</c> is where the app is served.</summary>
                public BunbaseClient(global::System.Net.Http.HttpClient http)
                {
                    global::System.ArgumentNullException.ThrowIfNull(http);
                    _http = http;
                }

                private string? _token;

                /// <summary>
                /// The bearer token sent with every call; null (the default) sends none. A bearer session past half its lifetime
                /// is renewed: the client then takes up the replacement the response carries in <c>Session-Token</c>.
                /// </summary>
                public string? Token
                {
                    get => global::System.Threading.Volatile.Read(ref _token);
                    set => global::System.Threading.Volatile.Write(ref _token, value);
                }

            """).ReplaceLineEndings("\n") + "\n");
        foreach (var operation in model.Operations)
            WriteMethod(text, model, ns, operation);
        text.Append("""
                private async global::System.Threading.Tasks.Task<global::System.Net.Http.HttpResponseMessage> SendAsync(BunbaseRequest request, global::System.Threading.CancellationToken cancellationToken)
                {
                    using var message = request.Build(_http.BaseAddress);
                    var token = Token;
                    if (token is { Length: > 0 })
                        message.Headers.Authorization = new global::System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                    var response = await _http.SendAsync(message, global::System.Net.Http.HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                    // Unless Token was changed while this call ran (a sign-out, another sign-in).
                    if (token is { Length: > 0 } && response.Headers.TryGetValues("Session-Token", out var renewals)
                        && global::System.Linq.Enumerable.FirstOrDefault(renewals) is { Length: > 0 } renewed)
                        global::System.Threading.Interlocked.CompareExchange(ref _token, renewed, token);
                    if (response.IsSuccessStatusCode)
                        return response;
                    using (response)
                    {
                        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                        BunbaseProblemDetails? problem = null;
                        try
                        {
                            if (text.StartsWith('{'))
                                problem = global::System.Text.Json.JsonSerializer.Deserialize(text, BunbaseJsonContext.Default.BunbaseProblemDetails);
                        }
                        catch (global::System.Text.Json.JsonException)
                        {
                        }

                        throw new BunbaseProblemException(response.StatusCode, problem, text.Length > 0 ? text : response.ReasonPhrase ?? "");
                    }
                }

                private static async global::System.Threading.Tasks.Task<T> ReadAsync<T>(global::System.Net.Http.HttpResponseMessage response, global::System.Threading.CancellationToken cancellationToken)
                {
                    var info = (global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)BunbaseJsonContext.Default.GetTypeInfo(typeof(T))!;
                    using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    return await global::System.Text.Json.JsonSerializer.DeserializeAsync(stream, info, cancellationToken).ConfigureAwait(false)
                        ?? throw new global::System.Text.Json.JsonException("The response body is null.");
                }

                private static void Write<T>(global::System.Text.Json.Utf8JsonWriter writer, string name, T value)
                {
                    writer.WritePropertyName(name);
                    global::System.Text.Json.JsonSerializer.Serialize(writer, value, (global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)BunbaseJsonContext.Default.GetTypeInfo(typeof(T))!);
                }

                private static global::System.Net.Http.HttpContent Json(global::System.Action<global::System.Text.Json.Utf8JsonWriter> write)
                {
                    var buffer = new global::System.IO.MemoryStream();
                    using (var writer = new global::System.Text.Json.Utf8JsonWriter(buffer))
                    {
                        writer.WriteStartObject();
                        write(writer);
                        writer.WriteEndObject();
                    }

                    var content = new global::System.Net.Http.ByteArrayContent(buffer.ToArray());
                    content.Headers.ContentType = new global::System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                    return content;
                }

                private static string? HeaderText(global::System.Net.Http.HttpResponseMessage response, string name) =>
                    response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
                        ? string.Join(", ", values)
                        : null;
            }

            """.ReplaceLineEndings("\n"));
        return text.ToString();
    }

    private static void WriteMethod(StringBuilder text, ClientModel model, string ns, ClientOperation operation)
    {
        var summary = operation.Action.Description is { } description ? CodeText.XmlDoc(CodeText.Sentence(description)) + " " : "";
        var session = operation.RequiresSession ? " Needs a session." : "";
        text.Append(CultureInfo.InvariantCulture, $"    /// <summary>{summary}<c>{operation.Method} {CodeText.XmlDoc(operation.Route)}</c>, {operation.SuccessStatus}.{session}</summary>\n");
        text.Append("    /// <exception cref=\"BunbaseProblemException\">The app answered with a problem (any status but a success).</exception>\n");
        var result = operation.ResultType is null ? "global::System.Threading.Tasks.Task" : $"global::System.Threading.Tasks.Task<{TypeOf(model, ns, operation.ResultType)}>";
        var input = "";
        if (operation.HasInput)
        {
            var inputType = model.Named(operation.InputType);
            input = operation.Parameters.Any(p => p.Member.IsRequired) ? $"global::{ns}.{inputType.Name} input, " : $"global::{ns}.{inputType.Name}? input = null, ";
        }

        text.Append(CultureInfo.InvariantCulture, $"    public async {result} {operation.PascalName}Async({input}global::System.Threading.CancellationToken cancellationToken = default)\n    {{\n");
        if (operation.HasInput && !operation.Parameters.Any(p => p.Member.IsRequired))
            text.Append(CultureInfo.InvariantCulture, $"        input ??= new global::{ns}.{model.Named(operation.InputType).Name}();\n");
        else if (operation.HasInput)
            text.Append("        global::System.ArgumentNullException.ThrowIfNull(input);\n");
        text.Append(CultureInfo.InvariantCulture, $"        var request = new BunbaseRequest(new global::System.Net.Http.HttpMethod({CodeText.Quote(operation.Method)}), {CodeText.Quote(operation.Route)});\n");
        var inputOwner = operation.HasInput ? model.Named(operation.InputType) : null;
        var index = 0;
        foreach (var parameter in operation.Parameters.Where(p => p.Source != BindingSource.Body))
        {
            index++;
            var method = parameter.Source switch
            {
                BindingSource.Path => "Path",
                BindingSource.Query => "Query",
                BindingSource.Header => "Header",
                _ => "Cookie",
            };
            var value = $"input.{PropertyName(inputOwner!, parameter.Member)}";
            var nullable = DeclaredNullable(parameter.Member) || !parameter.Member.Type.IsValueType;
            string expression;
            if (parameter.ElementType is { } element)
                expression = $"{value} is {{ }} items{index} ? global::System.Linq.Enumerable.Select(items{index}, item => BunbaseText.Of(item{(Nullable.GetUnderlyingType(element) is not null ? ".GetValueOrDefault()" : "")})) : null";
            else if (nullable)
                expression = $"{value} is {{ }} value{index} ? BunbaseText.Of(value{index}) : null";
            else
                expression = $"BunbaseText.Of({value})";
            text.Append(CultureInfo.InvariantCulture, $"        request.{method}({CodeText.Quote(parameter.RequestName)}, {expression});\n");
        }

        var body = operation.Parameters.Where(p => p.Source == BindingSource.Body).ToList();
        if (body.Count > 0)
        {
            text.Append("        request.Content = Json(writer =>\n        {\n");
            foreach (var parameter in body)
            {
                var value = $"input.{PropertyName(inputOwner!, parameter.Member)}";
                var write = $"Write(writer, {CodeText.Quote(parameter.Member.JsonName)}, {value});";
                text.Append(parameter.Member.IsRequired || !DeclaredNullable(parameter.Member)
                    ? $"            {write}\n"
                    : $"            if ({value} is not null)\n                {write}\n");
            }

            text.Append("        });\n");
        }

        text.Append("        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);\n");
        if (operation.ResultType is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"        var result = await ReadAsync<{TypeOf(model, ns, operation.ResultType)}>(response, cancellationToken).ConfigureAwait(false);\n");
            var owner = model.Named(operation.ResultType);
            foreach (var (header, i) in operation.ResultHeaders.Select((h, i) => (h, i)))
                text.Append(CultureInfo.InvariantCulture, $"        result.{PropertyName(owner, header)} = {HeaderValue(model, ns, header, "header" + i.ToString(CultureInfo.InvariantCulture))};\n");
            text.Append("        return result;\n");
        }

        text.Append("    }\n\n");
    }

    private static string HeaderValue(ClientModel model, string ns, ClientMember header, string text)
    {
        var read = $"HeaderText(response, {CodeText.Quote(header.ResponseHeader!)})";
        var type = Nullable.GetUnderlyingType(header.Type) ?? header.Type;
        if (type == typeof(string))
            return header.IsNullable ? read : $"{read} ?? \"\"";
        var declared = TypeOf(model, ns, type);
        var parse = WireTypes.Kind(type) == WireKind.Enum
            ? $"global::System.Enum.Parse<{declared}>({text})"
            : $"{declared}.Parse({text}, global::System.Globalization.CultureInfo.InvariantCulture)";
        return header.IsNullable || !type.IsValueType
            ? $"{read} is {{ }} {text} ? {parse} : null"
            : $"{read} is {{ }} {text} ? {parse} : default";
    }
}
