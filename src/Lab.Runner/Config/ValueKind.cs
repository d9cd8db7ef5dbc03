namespace Lab.Runner.Config;

/// <summary>What a config key holds; <see cref="Word"/> is a value of a closed vocabulary (<see cref="ConfigVocabulary"/>).</summary>
internal enum ValueKind { Section, Int, Long, Double, Bool, String, Word, IntList }
