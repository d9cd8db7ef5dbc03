module Lab.Core.Tests.RngTests

open Lab.Core
open Xunit

let rec private take n rng =
    if n = 0 then []
    else
        let struct (x, next) = Rng.nextUInt64 rng
        x :: take (n - 1) next

[<Fact>]
let ``xoshiro256** matches the reference implementation's first outputs from state 1,2,3,4`` () =
    // Reference values from the C code at prng.di.unimi.it with s = {1, 2, 3, 4}.
    let rng = { S0 = 1UL; S1 = 2UL; S2 = 3UL; S3 = 4UL }
    Assert.Equal<uint64 list>([ 11520UL; 0UL; 1509978240UL; 1215971899390074240UL ], take 4 rng)
