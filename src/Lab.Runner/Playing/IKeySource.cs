using Lab.Runner.Rendering;

namespace Lab.Runner.Playing;

/// <summary>Where a person's keys come from: the keyboard, or a script (a file or a pipe) that drives the same code.</summary>
internal interface IKeySource : IDisposable
{
    /// <summary>The next key; null when <paramref name="limit"/> passed first or the input has <see cref="Ended"/>.</summary>
    PersonKey? Next(TimeSpan? limit, CancellationToken cancel);

    /// <summary>No key will ever come again (the end of the file or pipe).</summary>
    bool Ended { get; }
}
