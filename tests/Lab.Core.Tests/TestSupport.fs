/// Helpers shared by the core's tests.
module Lab.Core.Tests.TestSupport

open System
open System.IO
open FsCheck

/// FsCheck's quick run (100 cases) that throws on failure, quiet when it passes.
let quick = Config.QuickThrowOnFailure.WithQuietOnSuccess(true)

/// Checks a property with `quick`.
let check (property: 'Property) = Check.One(quick, property)

/// The bits of a float64, for bit-for-bit comparisons (0.0 and -0.0 differ; NaNs compare).
let bits (value: float) = BitConverter.DoubleToInt64Bits value

/// A fixture file: next to the test assembly (copied by the .fsproj), or found by walking up from
/// the test assembly to the folder holding DqnLab.sln.
let fixturePath (relative: string) =
    let copied = Path.Combine(AppContext.BaseDirectory, "fixtures", relative)

    if File.Exists copied then
        copied
    else
        let rec up (dir: DirectoryInfo | null) =
            match dir with
            | null -> failwith $"fixture {relative} not found next to the tests nor under a folder holding DqnLab.sln"
            | dir when File.Exists(Path.Combine(dir.FullName, "DqnLab.sln")) ->
                Path.Combine(dir.FullName, "tests", "fixtures", relative)
            | dir -> up dir.Parent

        up (DirectoryInfo AppContext.BaseDirectory)
