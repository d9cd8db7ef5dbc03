namespace Lab.Runner.Config;

/// <summary>Where the validator finds a key's position, and which keys already failed to parse.</summary>
internal interface IConfigLocations
{
    /// <summary>The file shown for problems with keys no file set (defaults).</summary>
    string DefaultSource { get; }

    /// <summary>The node that gave the key its value, or null for a default.</summary>
    YNode? Node(string path);

    /// <summary>When the key got its value: later assignments have larger numbers; defaults 0.</summary>
    int Order(string path);

    /// <summary>The key's value could not be read: checks involving it are skipped.</summary>
    bool Failed(string path);
}
