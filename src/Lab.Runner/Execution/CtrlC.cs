namespace Lab.Runner.Execution;

/// <summary>First Ctrl+C asks the work to stop cleanly (trials end as "interrupted", files whole); a second one exits at once.</summary>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly ConsoleCancelEventHandler _handler;

    public CtrlC()
    {
        _handler = (_, e) =>
        {
            if (_source.IsCancellationRequested) return;
            e.Cancel = true;
            Console.Error.WriteLine("Stopping after the current step (Ctrl+C again to quit at once)...");
            _source.Cancel();
        };
        Console.CancelKeyPress += _handler;
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= _handler;
        _source.Dispose();
    }
}
