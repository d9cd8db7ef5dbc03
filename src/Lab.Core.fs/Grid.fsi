/// Experiment grids, the pure part: the cartesian product of a grid file's axes, the seeds of its
/// replicates, and the names a trial goes by (its label for people and its stable id for folders).
/// Parsing and validating the YAML is the shell's job (Lab.Runner's Config/GridLoader); everything
/// here is a function of its inputs only, so two machines expand the same grid into the same trials
/// with the same ids.
namespace Lab.Core

[<RequireQualifiedAccess>]
module Grid =
    /// The cartesian product of the axes, in file order with the last axis fastest (as nested loops
    /// written in file order would produce):
    /// `expand [ "a", [1; 2]; "b", [10; 20] ]` =
    /// `[ [a,1; b,10]; [a,1; b,20]; [a,2; b,10]; [a,2; b,20] ]`.
    /// No axes give one empty cell (the base config alone); an empty axis gives no cells.
    [<CompiledName("Expand")>]
    val expand: axes: (string * 'V list) list -> (string * 'V) list list

    /// How many cells `expand` would produce for axes of these sizes, without building them (so a
    /// grid too large to run can be refused before it is expanded). Saturates at Int64.MaxValue.
    [<CompiledName("CellCount")>]
    val cellCount: axisSizes: int list -> int64

    /// variants × cells × seeds, saturating at Int64.MaxValue; a grid without variants counts 1.
    [<CompiledName("TrialCount")>]
    val trialCount: variants: int -> axisSizes: int list -> seeds: int -> int64

    /// The seeds of `seeds: N`: baseSeed, baseSeed + 1, …, baseSeed + N − 1. Replicate r of every
    /// config gets the same seed, so every random stream derived from it (start states, exploration,
    /// replay sampling, weight init) is shared across configs: comparisons are paired.
    [<CompiledName("ReplicateSeeds")>]
    val replicateSeeds: baseSeed: int64 -> count: int -> int64 list

    /// 64-bit FNV-1a over the UTF-8 bytes of `text` (offset basis 0xcbf29ce484222325, prime
    /// 0x100000001b3): a fixed published algorithm, the same on every machine and .NET version
    /// (unlike String.GetHashCode, which is randomized per process).
    [<CompiledName("Fnv1a64")>]
    val fnv1a64: text: string -> uint64

    /// Eight lowercase hex digits: the 64-bit FNV-1a of `text` folded to 32 bits (high xor low).
    [<CompiledName("ShortHash")>]
    val shortHash: text: string -> string

    /// A filesystem-safe rendering of `text`: letters, digits and `. _ = + -` are kept, every other
    /// run of characters becomes one `_`, and `_` at either end is dropped ("[64, 64]" → "64_64").
    /// The empty string (or one with nothing to keep) gives "_".
    [<CompiledName("Slug")>]
    val slug: text: string -> string

    /// The grid cell for people: "variant=dqn2 batch_size=512 memory=10000" (the variant first when
    /// there is one, then the axis assignments in file order). `variant` "" means no variant; no
    /// variant and no assignments give "".
    [<CompiledName("Label")>]
    val label: variant: string -> assignments: (string * string) list -> string

    /// A trial's stable id: readable, filesystem-safe and unique per resolved config and seed:
    /// "dqn2-batch_size=512-memory=10000-s3-1a2b3c4d" — the variant, the slugged assignments, the seed,
    /// then `shortHash (resolvedConfig + "\nseed=" + seed)`. The readable part is cut to 120
    /// characters (the hash keeps ids apart). Identical inputs give identical ids on any machine.
    [<CompiledName("TrialId")>]
    val trialId: variant: string -> assignments: (string * string) list -> seed: int64 -> resolvedConfig: string -> string
