using Xunit;

namespace Lab.Runner.Tests.Rendering;

/// <summary>A test that needs a headless Chromium (Debian: apt-get install chromium); skipped, and says so, where there is none.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public static string? Chromium { get; } =
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    public ChromiumFactAttribute()
    {
        if (Chromium is null) Skip = "no headless Chromium here (apt-get install chromium)";
    }
}
