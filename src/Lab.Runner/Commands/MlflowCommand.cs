using Lab.CommandLine;
using Lab.Core;
using Lab.Runner.Tracking.Mlflow;
using Spectre.Console;

namespace Lab.Runner.Commands;

/// <summary>`runner mlflow sync RESULTS_DIR`: upload what a results folder holds and MLflow lacks, exactly once.</summary>
internal static class MlflowCommand
{
    public static int Sync(SyncArgs args, IAnsiConsole console)
    {
        if (!Directory.Exists(args.ResultsDir))
        {
            Console.Error.WriteLine($"{args.ResultsDir}: no such results folder");
            return ExitCodes.BadInput;
        }
        return MlflowSync.Run(args.ResultsDir, args.TrackingUri, line => console.WriteLine(line));
    }
}
