using Lab.Runner.Store;
using Lab.Runner.Tests.Support;
using Xunit;

namespace Lab.Runner.Tests.Store;

public sealed class HardLinkTests
{
    [Fact]
    public void Of_eight_threads_linking_files_to_one_free_name_at_once_exactly_one_succeeds_every_time()
    {
        using var temp = new TempDirectory();
        var name = Path.Combine(temp.Path, "x.claim");
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var sources = Enumerable.Range(0, 8).Select(i => Path.Combine(temp.Path, $"source{i}")).ToArray();
            for (var i = 0; i < 8; i++) File.WriteAllText(sources[i], $"thread {i}");
            using var start = new Barrier(8);
            var won = new bool[8];
            var threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                won[i] = HardLink.TryCreate(sources[i], name);
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.True(won.Count(w => w) == 1, $"attempt {attempt}: {won.Count(w => w)} threads created the name");
            Assert.Equal($"thread {Array.IndexOf(won, true)}", File.ReadAllText(name));
            File.Delete(name);
            foreach (var source in sources) File.Delete(source);
        }
    }

    [Fact]
    public void A_taken_name_is_left_alone_and_the_source_keeps_its_name()
    {
        using var temp = new TempDirectory();
        var (source, name) = (Path.Combine(temp.Path, "new"), Path.Combine(temp.Path, "taken"));
        File.WriteAllText(source, "new");
        File.WriteAllText(name, "old");

        Assert.False(HardLink.TryCreate(source, name));

        Assert.Equal("old", File.ReadAllText(name));
        Assert.Equal("new", File.ReadAllText(source));
    }

    [Fact]
    public void A_name_in_a_folder_that_does_not_exist_is_an_error_that_names_it()
    {
        using var temp = new TempDirectory();
        var source = Path.Combine(temp.Path, "source");
        File.WriteAllText(source, "x");
        var name = Path.Combine(temp.Path, "no-such-folder", "x.claim");

        var error = Assert.ThrowsAny<IOException>(() => HardLink.TryCreate(source, name));

        Assert.Contains(name, error.Message);
    }
}
