using System.Runtime.InteropServices;

namespace Lab.Runner.Execution;

/// <summary>
/// Ctrl+C (SIGINT), SIGTERM (what <c>timeout</c>, Slurm and Kubernetes send) and SIGHUP (the terminal
/// closed) all ask the work to stop cleanly: the token is cancelled, running trials end as "interrupted"
/// with every file whole, and the command exits 130 as for Ctrl+C. A second signal of any of them takes
/// its default action and ends the process at once.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private static readonly PosixSignal[] Handled = [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP];

    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly bool _repeatedTermQuits;
    private int _received;

    /// <param name="repeatedTermQuits">
    /// False for `sweep --shard`: Slurm sends SIGTERM to every process of a job, the batch script's trap
    /// may pass one on too, and its SIGKILL after KillWait is the hard stop; so there a second SIGTERM is
    /// taken as the same request. Ctrl+C and SIGHUP twice still quit at once.
    /// </param>
    public StopSignals(bool repeatedTermQuits = true)
    {
        _repeatedTermQuits = repeatedTermQuits;
        foreach (var signal in Handled) _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
    }

    public CancellationToken Token => _source.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Exchange(ref _received, 1) == 1)
        {
            if (!_repeatedTermQuits && context.Signal == PosixSignal.SIGTERM) context.Cancel = true;
            return;
        }
        context.Cancel = true;
        var how = context.Signal == PosixSignal.SIGINT
            ? "Ctrl+C again to quit at once"
            : _repeatedTermQuits ? $"{context.Signal} received; a second signal or Ctrl+C quits at once"
            : $"{context.Signal} received; Ctrl+C quits at once";
        try
        {
            Console.Error.WriteLine($"Stopping after the current step ({how})...");
        }
        catch (IOException)
        {
            // SIGHUP: the terminal may be gone; stopping cleanly matters more than saying so.
        }
        _source.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }
}
