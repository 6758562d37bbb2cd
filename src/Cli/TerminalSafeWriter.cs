using System.Text;

namespace Bunbase.Cli;

/// <summary>
/// Standard output for the commands that print what the database holds (<c>jobs</c>, <c>runs</c>, <c>mail</c>,
/// <c>events</c>, <c>webhooks</c>): text a client, a handler or another server chose (an error message quoting input,
/// a mail subject, an SMTP reply). A control character in it would act on the operator's terminal (an escape sequence
/// can retitle the window, clear the screen or rewrite what was printed; a lone carriage return can hide a line
/// behind another), so each is printed as U+FFFD. Line breaks and tabs stay; so does a CRLF line end.
/// </summary>
internal sealed class TerminalSafeWriter(TextWriter inner) : TextWriter
{
    private const char Replacement = '\uFFFD';

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => inner.Write(IsUnsafe(value) ? Replacement : value);

    public override void Write(string? value)
    {
        if (value is null)
            return;
        inner.Write(Clean(value.AsSpan()));
    }

    public override void Write(char[] buffer, int index, int count) => inner.Write(Clean(buffer.AsSpan(index, count)));

    public override void Write(ReadOnlySpan<char> buffer) => inner.Write(Clean(buffer));

    public override void WriteLine(string? value)
    {
        Write(value);
        inner.WriteLine();
    }

    public override void Flush() => inner.Flush();

    private static string Clean(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            builder.Append(IsUnsafe(c) && !(c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') ? Replacement : c);
        }

        return builder.ToString();
    }

    private static bool IsUnsafe(char c) => char.IsControl(c) && c is not ('\n' or '\t');
}
