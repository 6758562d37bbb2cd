using System.CommandLine;

namespace Bunbase.Cli;

/// <summary><c>bunbase dev</c>: migrate, build (Debug) and run the app in Development; rebuild and restart on every change.</summary>
internal static class DevCommand
{
    public static Command Create()
    {
        var noWatch = new Option<bool>("--no-watch") { Description = "Run once: no rebuild and restart when files change" };
        var command = new Command("dev", "Apply pending migrations, build the app (Debug) and run it in Development; then on every change to a .cs, .csproj or .sql file or the configuration it rebuilds and restarts the app, applying new migrations first")
        {
            noWatch,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var app = AppProject.Find(parse.GetValue(CommonOptions.Config));
            return new DevSession(app, watch: !parse.GetValue(noWatch)).RunAsync();
        });
        return command;
    }
}
