return await Bunbase.Runtime.Hosting.BunbaseApplication.RunAsync(args, typeof(Program).Assembly);
