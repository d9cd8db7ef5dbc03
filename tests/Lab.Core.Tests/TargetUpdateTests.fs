module Lab.Core.Tests.TargetUpdateTests

open System
open Lab.Core
open Xunit

/// The env steps in 1 .. n after which a sync is due.
let private syncSteps policy n =
    [ for s in 1L .. n do
          if TargetUpdate.dueAfterEnvStep policy s then yield s ]

[<Fact>]
let ``tau 1 is a hard copy, anything below a Polyak blend with that tau`` () =
    Assert.Equal(HardCopy, TargetUpdate.blendOfTau 1.0)
    Assert.Equal(Polyak 0.005, TargetUpdate.blendOfTau 0.005)
    Assert.Equal(Polyak 0.5, TargetUpdate.blendOfTau 0.5)

[<Fact>]
let ``every 500 env steps: due after steps 500, 1000 and 1500 of the first 1600, never at an episode end`` () =
    let policy = EveryEnvSteps(500L, HardCopy)
    Assert.Equal<int64 list>([ 500L; 1000L; 1500L ], syncSteps policy 1600L)
    Assert.False(TargetUpdate.dueAtEpisodeEnd policy)
    Assert.True(TargetUpdate.usesTargetNetwork policy)

[<Fact>]
let ``every env step: due after each of them`` () =
    Assert.Equal<int64 list>([ 1L .. 10L ], syncSteps (EveryEnvSteps(1L, Polyak 0.005)) 10L)

[<Fact>]
let ``at episode end: due at every episode end and after no env step`` () =
    let policy = AtEpisodeEnd HardCopy
    Assert.True(TargetUpdate.dueAtEpisodeEnd policy)
    Assert.Empty(syncSteps policy 5000L)
    Assert.True(TargetUpdate.usesTargetNetwork policy)

[<Fact>]
let ``no target: no target network and never a sync`` () =
    Assert.False(TargetUpdate.usesTargetNetwork NoTarget)
    Assert.False(TargetUpdate.dueAtEpisodeEnd NoTarget)
    Assert.Empty(syncSteps NoTarget 5000L)
    Assert.Throws<ArgumentException>(fun () -> TargetUpdate.blend NoTarget |> ignore) |> ignore

[<Fact>]
let ``the blend is the policy's own`` () =
    Assert.Equal(Polyak 0.01, TargetUpdate.blend (EveryEnvSteps(4L, Polyak 0.01)))
    Assert.Equal(HardCopy, TargetUpdate.blend (AtEpisodeEnd HardCopy))

[<Fact>]
let ``a sync interval that is not positive is refused`` () =
    Assert.Throws<ArgumentException>(fun () -> TargetUpdate.dueAfterEnvStep (EveryEnvSteps(0L, HardCopy)) 10L |> ignore)
    |> ignore
