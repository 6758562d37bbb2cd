using Bunbase.Cli;

return await CommandLine.RunAsync(args);
