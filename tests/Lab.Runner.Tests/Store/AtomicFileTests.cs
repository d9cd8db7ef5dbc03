using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Store;

/// <summary>A whole file or nothing, and no temporary file left behind by a write that failed.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string[] Temporaries() => Directory.GetFiles(_temp.Path, "*.tmp", SearchOption.AllDirectories);

    [Fact]
    public void A_write_that_fails_at_the_rename_leaves_the_target_as_it_was_and_no_temporary_file()
    {
        var target = Path.Combine(_temp.Path, "status.json");
        Directory.CreateDirectory(target); // a folder where the file should go: the rename fails

        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(target, "{}"));

        Assert.True(Directory.Exists(target));
        Assert.Empty(Temporaries());
    }

    [Fact]
    public void A_write_into_a_folder_that_is_gone_fails_without_leaving_anything()
    {
        var target = Path.Combine(_temp.Path, "gone", "status.json");

        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(target, "{}"));

        Assert.Empty(Temporaries());
    }

    [Fact]
    public void Checking_that_a_folder_is_writable_leaves_nothing_in_it()
    {
        AtomicFile.CheckWritable(_temp.Path);

        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }
}
