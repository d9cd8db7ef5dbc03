using Lab.Runner.Store;

namespace Lab.Runner.Tests.Reports;

/// <summary>A results folder under the temp directory, written by the Store's writers and deleted at the end of the test.</summary>
internal sealed class TempResults : IDisposable
{
    public TempResults()
    {
        Root = Path.Combine(Path.GetTempPath(), "dqnlab-report-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    private TempResults(string root)
    {
        Root = root;
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>A results folder inside this one (an experiment of a folder of experiments), deleted with it.</summary>
    public TempResults Experiment(string name) => new(Path.Combine(Root, name));

    /// <summary>sweep.json, as `runner sweep` writes it; without trial ids it lists no trials (every folder counts).</summary>
    public TempResults Sweep(string name, string? question, params string[] trials)
    {
        new SweepFile("sweep-" + name, name, question, "experiments/x.yaml", $"name: {name}\n", null, trials).Write(Root);
        return this;
    }

    public TempResults Add(params TrialSpec[] trials)
    {
        foreach (var t in trials) t.Write(Root);
        return this;
    }

    public string PathOf(string file) => Path.Combine(Root, file);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
