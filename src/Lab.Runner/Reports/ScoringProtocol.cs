using System.Globalization;

namespace Lab.Runner.Reports;

/// <summary>
/// How a config's seeds were scored: the greedy evaluation each seed's score comes from (the final one:
/// the network at the end of training, not the best one seen) and its size. Seeds of one config normally
/// share one protocol; when they do not, every value seen is listed.
/// </summary>
/// <param name="Episodes">Greedy episodes per scoring evaluation, each value seen, ascending.</param>
/// <param name="Caps">The scoring evaluations' step caps, each value seen, ascending.</param>
internal sealed record ScoringProtocol(IReadOnlyList<int> Episodes, IReadOnlyList<int> Caps)
{
    public static readonly ScoringProtocol None = new([], []);

    /// <summary>The checkpoint scored: always the final one (rliable's and this report's headline).</summary>
    public const string Checkpoint = "final";

    /// <summary>"100 greedy episodes at cap 500" (or "20/100 greedy episodes at cap 500" when seeds differ); "" when unknown.</summary>
    public string Describe() => Episodes.Count == 0
        ? ""
        : string.Create(CultureInfo.InvariantCulture, $"{Join(Episodes)} greedy episode{(Episodes is [1] ? "" : "s")} at cap {Join(Caps)}");

    public string EpisodesText => Join(Episodes);

    public string CapsText => Join(Caps);

    private static string Join(IReadOnlyList<int> values) =>
        string.Join("/", values.Select(v => v.ToString("#,0", CultureInfo.InvariantCulture)));

    public bool SameAs(ScoringProtocol other) => Episodes.SequenceEqual(other.Episodes) && Caps.SequenceEqual(other.Caps);
}
