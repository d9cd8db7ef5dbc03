using System.Diagnostics;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.EndToEnd;

/// <summary>
/// The repository's `./runner` script, copied into a stand-in checkout whose two runners only say which
/// they are: it runs the ReadyToRun copy that `make build` publishes only while no assembly of the build
/// is newer than that publish, so a build without `make` is never shadowed by an older copy.
/// </summary>
public sealed class RunnerScriptTests
{
    [Fact]
    public void It_runs_the_ReadyToRun_copy_while_that_copy_is_as_new_as_the_build()
    {
        using var checkout = StandIn(published: true);
        File.SetLastWriteTimeUtc(Path.Combine(checkout.Path, Build, "Lab.Neural.dll"), Past);
        Assert.Equal("ready-to-run --help", Run(checkout, "--help"));
    }

    [Fact]
    public void It_runs_the_build_when_an_assembly_was_built_after_the_publish()
    {
        using var checkout = StandIn(published: true);
        File.SetLastWriteTimeUtc(Path.Combine(checkout.Path, ReadyToRun, ".complete"), Past);
        Assert.Equal("build train a.yaml", Run(checkout, "train", "a.yaml"));
    }

    [Fact]
    public void It_runs_the_build_when_the_publish_did_not_complete()
    {
        using var checkout = StandIn(published: false);
        Assert.Equal("build list", Run(checkout, "list"));
    }

    private const string Build = "src/Lab.Runner/bin/Release/net10.0";
    private const string ReadyToRun = "src/Lab.Runner/bin/Release/ready-to-run";
    private static readonly DateTime Past = DateTime.UtcNow.AddHours(-1);

    private static TempDirectory StandIn(bool published)
    {
        var checkout = new TempDirectory();
        Executable(checkout.File("runner", File.ReadAllText(RepoPaths.Of("runner"))));
        Executable(checkout.File($"{Build}/runner", "#!/bin/sh\necho build \"$@\"\n"));
        checkout.File($"{Build}/Lab.Neural.dll", "");
        Executable(checkout.File($"{ReadyToRun}/runner", "#!/bin/sh\necho ready-to-run \"$@\"\n"));
        if (published) checkout.File($"{ReadyToRun}/.complete", "");
        return checkout;
    }

    private static string Run(TempDirectory checkout, params string[] args)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(checkout.Path, "runner"), .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var bash = Process.Start(info)!;
        var output = bash.StandardOutput.ReadToEnd();
        var error = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        Assert.True(bash.ExitCode == 0, error);
        return output.Trim();
    }

    private static void Executable(string path)
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
