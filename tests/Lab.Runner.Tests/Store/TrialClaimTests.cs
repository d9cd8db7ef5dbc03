using System.Diagnostics;
using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Store;

public sealed class TrialClaimTests
{
    private const string Trial = "gamma=0.9-s1-e47839e1";

    private static ClaimOwner Me(string? slurmJob = null) => ClaimOwner.Current(0, 2) with { SlurmJobId = slurmJob };

    /// <summary>A task on another machine: its liveness is its claim's heartbeat.</summary>
    private static ClaimOwner Remote(string host) => new(host, "another-boot", 4242, "123", $"shard 1/2 on {host}", null);

    /// <summary>The pid of a process that has exited.</summary>
    private static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    [Fact]
    public void A_free_trial_is_claimed_with_the_owner_written_whole_and_released_on_dispose()
    {
        using var temp = new TempDirectory();
        var me = Me();

        using (var claim = TrialClaim.TryTake(temp.Path, Trial, me, out var holder))
        {
            Assert.NotNull(claim);
            Assert.Null(holder);
            var path = Path.Combine(temp.Path, ".claims", Trial + ".claim");
            var (owner, _, _) = TrialClaim.Read(path)!.Value;
            Assert.Equal(me, owner);
            Assert.Equal(Environment.ProcessId, owner.Pid);
            Assert.Single(Directory.GetFiles(Path.Combine(temp.Path, ".claims"))); // no temporary file left
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(temp.Path, ".claims")));
    }

    [Fact]
    public void A_claim_of_a_running_process_on_this_host_is_refused_and_its_holder_named()
    {
        using var temp = new TempDirectory();
        using var first = TrialClaim.TryTake(temp.Path, Trial, Me(), out _);
        // another process of this host judges: this test process is alive, with the start time it recorded
        var other = Me() with { Pid = DeadPid(), ProcessStart = "1" };

        var second = TrialClaim.TryTake(temp.Path, Trial, other, out var holder);

        Assert.Null(second);
        Assert.Equal(Environment.ProcessId, holder?.Pid);
    }

    [Fact]
    public void A_claim_of_a_process_that_exited_on_this_host_is_taken_over()
    {
        using var temp = new TempDirectory();
        var dead = Me() with { Pid = DeadPid() };
        using (TrialClaim.TryTake(temp.Path, Trial, dead, out _, heartbeat: TimeSpan.FromHours(1)))
        {
            // the dead owner never released it: simulate a kill -9 by taking over while this handle is open
            using var taken = TrialClaim.TryTake(temp.Path, Trial, Me(), out var holder);
            Assert.NotNull(taken);
            Assert.Null(holder);
            Assert.Equal(Environment.ProcessId, TrialClaim.Read(TrialClaim.PathOf(temp.Path, Trial))!.Value.Owner.Pid);
        }
    }

    [Fact]
    public void The_old_owner_releasing_after_a_takeover_leaves_the_new_claim_in_place()
    {
        using var temp = new TempDirectory();
        var old = TrialClaim.TryTake(temp.Path, Trial, Me() with { Pid = DeadPid() }, out _)!;
        using var taken = TrialClaim.TryTake(temp.Path, Trial, Me(), out _);
        Assert.NotNull(taken);

        old.Dispose();

        Assert.Equal(Environment.ProcessId, TrialClaim.Read(TrialClaim.PathOf(temp.Path, Trial))!.Value.Owner.Pid);
    }

    [Fact]
    public void A_claim_from_another_host_lives_while_its_heartbeat_is_fresh_and_is_taken_over_once_stale()
    {
        using var temp = new TempDirectory();
        using var remote = TrialClaim.TryTake(temp.Path, Trial, Remote("node7"), out _);
        var path = TrialClaim.PathOf(temp.Path, Trial);

        Assert.Null(TrialClaim.TryTake(temp.Path, Trial, Me(), out var holder, staleAfter: TimeSpan.FromMinutes(5)));
        Assert.Equal("node7", holder?.Host);

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - TimeSpan.FromMinutes(6));
        using var taken = TrialClaim.TryTake(temp.Path, Trial, Me(), out _, staleAfter: TimeSpan.FromMinutes(5));
        Assert.NotNull(taken);
    }

    [Fact]
    public void A_requeued_slurm_task_takes_over_the_claims_of_its_earlier_run_at_once()
    {
        using var temp = new TempDirectory();
        // the earlier run of job 77 on another node, its heartbeat fresh
        using var earlier = TrialClaim.TryTake(temp.Path, Trial, Remote("node3") with { SlurmJobId = "77" }, out _);

        Assert.Null(TrialClaim.TryTake(temp.Path, Trial, Me(slurmJob: "78"), out _));
        using var again = TrialClaim.TryTake(temp.Path, Trial, Me(slurmJob: "77"), out _);
        Assert.NotNull(again);
    }

    [Fact]
    public void Of_many_takers_of_one_dead_claim_exactly_one_wins()
    {
        // many times over: a race between takers shows only now and then (CI saw two winners once: the claim
        // was moved into place with File.Move, which on Unix renames over a name taken meanwhile)
        using var temp = new TempDirectory();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var dead = TrialClaim.TryTake(temp.Path, Trial, Remote("gone"), out _)!;
            File.SetLastWriteTimeUtc(TrialClaim.PathOf(temp.Path, Trial), DateTime.UtcNow - TimeSpan.FromHours(1));
            using var start = new Barrier(8);

            var claims = new TrialClaim?[8];
            var threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                claims[i] = TrialClaim.TryTake(temp.Path, Trial, Remote($"taker{i}"), out _, staleAfter: TimeSpan.FromMinutes(5));
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            var winners = claims.Where(c => c is not null).ToList();
            Assert.True(winners.Count == 1, $"attempt {attempt}: {winners.Count} takers won");
            // the winner's claim is the one on disk
            Assert.Equal($"taker{Array.FindIndex(claims, c => c is not null)}", TrialClaim.Read(TrialClaim.PathOf(temp.Path, Trial))?.Owner.Host);
            foreach (var claim in winners) claim!.Dispose();
            dead.Dispose();
        }
    }

    [Fact]
    public void The_list_says_which_claims_are_alive()
    {
        using var temp = new TempDirectory();
        using var mine = TrialClaim.TryTake(temp.Path, "a", Me(), out _);
        using var gone = TrialClaim.TryTake(temp.Path, "b", Me() with { Pid = DeadPid() }, out _);

        var list = TrialClaim.List(temp.Path, ClaimOwner.Observer());

        Assert.Equal([("a", true), ("b", false)], list.Select(c => (c.TrialId, c.Alive)).ToArray());
    }
}
