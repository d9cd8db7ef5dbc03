using System.Text.Json;

namespace Lab.Runner.Tests.Reports;

/// <summary>A results folder under the temp directory, deleted at the end of the test.</summary>
internal sealed class TempResults : IDisposable
{
    public TempResults()
    {
        Root = Path.Combine(Path.GetTempPath(), "dqnlab-report-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public TempResults Sweep(string name, string? question)
    {
        File.WriteAllText(Path.Combine(Root, "sweep.json"), JsonSerializer.Serialize(new { name, question, grid_file = "experiments/x.yaml" }));
        return this;
    }

    /// <summary>sweep.json with a trial list, as `runner sweep` writes it.</summary>
    public TempResults Sweep(string name, string? question, params string[] trials)
    {
        File.WriteAllText(Path.Combine(Root, "sweep.json"), JsonSerializer.Serialize(new { name, question, grid_file = "experiments/x.yaml", trials }));
        return this;
    }

    public TempResults Add(params SyntheticTrial[] trials)
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
