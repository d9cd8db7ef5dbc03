namespace Lab.Runner.Tests.Mlflow;

/// <summary>One request the fake server saw, with the status it answered (0 = connection dropped).</summary>
public sealed record FakeRequest(string Method, string Path, int Status, long BodyBytes)
{
    /// <summary>True for requests that can change what the server holds.</summary>
    public bool Writes => Method != "GET" && !Path.EndsWith("/runs/search", StringComparison.Ordinal)
                                          && !Path.EndsWith("/experiments/search", StringComparison.Ordinal);
}
