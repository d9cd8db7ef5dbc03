namespace Lab.Runner.Config;

/// <summary>"did you mean ...?" by Levenshtein distance.</summary>
internal static class Spelling
{
    /// <summary>Edit distance: insertions, deletions and substitutions cost 1 (case-insensitive).</summary>
    public static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>Close enough to suggest: about a third of the word, at least 1, at most 3 edits.</summary>
    public static int Threshold(string typed) => Math.Clamp(typed.Length / 3, 1, 3);

    /// <summary>The closest candidate within the threshold (first one on ties), or null.</summary>
    public static string? Suggest(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var threshold = Threshold(typed);
        foreach (var c in candidates)
        {
            // The distance is at least the difference in length: a far longer word is never near.
            if (Math.Abs(typed.Length - c.Length) > threshold) continue;
            var d = Distance(typed, c);
            if (d < bestDistance)
            {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= threshold ? best : null;
    }

    /// <summary>" (did you mean 'x'?)" style suffix, or "".</summary>
    public static string DidYouMean(string? suggestion) => suggestion is null ? "" : $"; did you mean '{suggestion}'?";
}
