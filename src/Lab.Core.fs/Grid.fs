namespace Lab.Core

open System
open System.Text

[<RequireQualifiedAccess>]
module Grid =
    [<CompiledName("Expand")>]
    let expand (axes: (string * 'V list) list) : (string * 'V) list list =
        // Fold from the last axis: each earlier axis value is prepended to every tail, so the
        // first axis varies slowest and the last fastest.
        List.foldBack
            (fun (key, values) (tails: (string * 'V) list list) ->
                [ for v in values do
                      for tail in tails -> (key, v) :: tail ])
            axes
            [ [] ]

    let private saturatingProduct (factors: int64 list) =
        if factors |> List.exists (fun f -> f <= 0L) then 0L
        else
            factors
            |> List.fold (fun acc f -> if acc > Int64.MaxValue / f then Int64.MaxValue else acc * f) 1L

    [<CompiledName("CellCount")>]
    let cellCount (axisSizes: int list) =
        saturatingProduct (axisSizes |> List.map int64)

    [<CompiledName("TrialCount")>]
    let trialCount (variants: int) (axisSizes: int list) (seeds: int) =
        saturatingProduct ([ int64 (max variants 1) ] @ (axisSizes |> List.map int64) @ [ int64 seeds ])

    [<CompiledName("ReplicateSeeds")>]
    let replicateSeeds (baseSeed: int64) (count: int) =
        [ for r in 0 .. count - 1 -> baseSeed + int64 r ]

    [<CompiledName("Fnv1a64")>]
    let fnv1a64 (text: string) =
        let mutable h = 0xcbf29ce484222325UL
        for b in Encoding.UTF8.GetBytes text do
            h <- (h ^^^ uint64 b) * 0x100000001b3UL
        h

    [<CompiledName("ShortHash")>]
    let shortHash (text: string) =
        let h = fnv1a64 text
        let folded = uint32 (h >>> 32) ^^^ uint32 (h &&& 0xFFFFFFFFUL)
        folded.ToString("x8", Globalization.CultureInfo.InvariantCulture)

    let private keep (c: char) =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c = '.' || c = '_' || c = '=' || c = '+' || c = '-'

    [<CompiledName("Slug")>]
    let slug (text: string) =
        let sb = StringBuilder(text.Length)
        let mutable pendingGap = false
        for c in text do
            if keep c && c <> '_' then
                if pendingGap && sb.Length > 0 then sb.Append '_' |> ignore
                pendingGap <- false
                sb.Append c |> ignore
            else
                pendingGap <- true
        if sb.Length = 0 then "_" else sb.ToString()

    [<CompiledName("Label")>]
    let label (variant: string) (assignments: (string * string) list) =
        [ if variant <> "" then yield "variant=" + variant
          for (k, v) in assignments -> k + "=" + v ]
        |> String.concat " "

    [<Literal>]
    let private ReadableLimit = 120

    [<CompiledName("TrialId")>]
    let trialId (variant: string) (assignments: (string * string) list) (seed: int64) (resolvedConfig: string) =
        let readable =
            [ if variant <> "" then yield slug variant
              for (k, v) in assignments -> slug k + "=" + slug v ]
            |> String.concat "-"
        let readable =
            if readable.Length <= ReadableLimit then readable
            else readable.Substring(0, ReadableLimit).TrimEnd('-', '_', '=')
        let seedText = seed.ToString(Globalization.CultureInfo.InvariantCulture)
        let hash = shortHash (resolvedConfig + "\nseed=" + seedText)
        let prefix = if readable = "" then "" else readable + "-"
        prefix + "s" + seedText + "-" + hash
